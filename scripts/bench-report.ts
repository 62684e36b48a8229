/**
 * The figures `npm run bench` prints: p50 and p90 of each measurement, and the issue's targets
 * beside them with pass or fail.
 */
import { API_NAME, SECOND_API_NAME } from '../server/local';
import type { CallSample, ProfileSample, SignInSample } from './bench-profile';
import { formatBundleSize, type BundleSize } from './bundle-size';

/** The value at quantile `q` (nearest rank) of `samples`. */
export function quantile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

const p50 = (samples: readonly number[]) => quantile(samples, 0.5);
const ms = (value: number) => `${value.toFixed(1).padStart(6)} ms`;

function row(label: string, samples: readonly number[]): string {
  return `${label.padEnd(46)} ${ms(p50(samples))}   ${ms(quantile(samples, 0.9))}`;
}

function signInRows(label: string, samples: readonly SignInSample[]): string[] {
  return [
    row(
      label,
      samples.map((s) => s.lastStep),
    ),
    row(
      '  of which the token request',
      samples.map((s) => s.token),
    ),
    row(
      '  of which the JWKS request',
      samples.map((s) => s.jwks),
    ),
    row(
      '  beyond the token and JWKS requests',
      samples.map((s) => s.lastStep - s.token - s.jwks),
    ),
  ];
}

function target(text: string, figure: string, pass: boolean): string {
  return `  ${pass ? 'pass' : 'FAIL'}  ${text.padEnd(58)} ${figure}`;
}

const values = <K extends keyof ProfileSample>(samples: readonly ProfileSample[], key: K) =>
  samples.map((s) => s[key]).filter((v): v is NonNullable<ProfileSample[K]> => v !== undefined);
const opens = (samples: readonly ProfileSample[], key: 'warm' | 'cold' | 'coldKept' | 'floor' | 'floorCold') =>
  samples.flatMap((s) => s[key] ?? []);

function requestsLine(label: string, samples: readonly (SignInSample | CallSample)[]): string {
  const counts = new Map<string, number>();
  for (const s of samples) counts.set(s.requests.join(' + ') || 'none', (counts.get(s.requests.join(' + ') || 'none') ?? 0) + 1);
  return `${label}: ${[...counts].map(([requests, n]) => `${requests} (${n}/${samples.length})`).join(', ')}`;
}

/** The lines of the report: the figures, the provider requests after each redirect, the sizes and the targets. */
export function report(samples: readonly ProfileSample[], sizes: readonly BundleSize[]): string[] {
  const warm = opens(samples, 'warm');
  const cold = opens(samples, 'cold');
  const floor = opens(samples, 'floor');
  const firsts = samples.map((s) => s.signIn);
  const repeats = values(samples, 'repeatSignIn');
  const lines = [
    `${''.padEnd(46)} ${'p50'.padStart(9)}   ${'p90'.padStart(9)}   (${samples.length} fresh profiles${warm.length ? `; pages opened ${warm.length / samples.length} times in each` : ''})`,
  ];
  if (warm.length) {
    lines.push(
      row('Popup open, worker running', warm),
      row('Popup open, worker stopped', cold),
      row('  the same beside another extension page', opens(samples, 'coldKept')),
      row('Static page of the same size (the floor)', floor),
      row('  the same, worker stopped and no page open', opens(samples, 'floorCold')),
    );
  }
  lines.push(...signInRows("Sign-in's last step (redirect → name shown)", firsts));
  if (repeats.length) lines.push(...signInRows('Repeat sign-in, last step', repeats));
  const secondFirsts = samples.map((s) => s.secondApiFirst);
  lines.push(
    row(`"Call ${API_NAME}", fresh token (click → result)`, values(samples, 'callFresh')),
    row(`"Call ${API_NAME}", at expiry (refresh first)`, values(samples, 'callAtExpiry')),
    row(
      `"Call ${SECOND_API_NAME}", first (its token first)`,
      secondFirsts.map((s) => s.took),
    ),
    row(
      '  of which the token request',
      secondFirsts.map((s) => s.token),
    ),
    row(`"Call ${SECOND_API_NAME}", again (token held)`, values(samples, 'secondApiRepeat')),
  );
  lines.push('', 'Worker requests to the provider:', `  ${requestsLine('first sign-in, after the redirect', firsts)}`);
  if (repeats.length) lines.push(`  ${requestsLine('repeat sign-in, after the redirect', repeats)}`);
  lines.push(`  ${requestsLine(`first call to ${SECOND_API_NAME}`, secondFirsts)}`);
  lines.push('', ...sizes.map((size) => formatBundleSize(size, false)), '', 'Targets (p50):');
  if (warm.length) {
    // With the worker stopped and no extension page open, the browser starts the extension's process
    // again before any page of it loads: the floor page pays that too, and it is taken out.
    const processStart = p50(opens(samples, 'floorCold')) - p50(floor);
    const coldOver = p50(cold) - p50(warm) - processStart;
    const warmOver = p50(warm) - p50(floor);
    lines.push(
      target(
        'a cold popup within 10 ms of a warm one (less the process start)',
        `cold − warm − (cold floor − floor) ${ms(coldOver)}`,
        coldOver <= 10,
      ),
      target('a warm popup within 15 ms of the floor', `warm − floor ${ms(warmOver)}`, warmOver <= 15),
    );
  }
  const beyond = p50(firsts.map((s) => s.lastStep - s.token - s.jwks));
  lines.push(
    target("the sign-in's last step ≤ 25 ms beyond the token and JWKS requests", `beyond       ${ms(beyond)}`, beyond <= 25),
  );
  if (repeats.length) {
    const onlyToken = repeats.filter((s) => s.requests.join() === 'token').length;
    lines.push(
      target(
        'a repeat sign-in makes only the token request after the redirect',
        `${onlyToken}/${repeats.length} profiles`,
        onlyToken === repeats.length,
      ),
    );
  }
  for (const size of sizes) {
    lines.push(
      target(
        `${size.name} within its ${size.budget / 1024} KB budget (gzip -9)`,
        `${(size.gzip / 1024).toFixed(2)} KB`,
        size.gzip <= size.budget,
      ),
    );
  }
  return lines;
}
