/** The build variables: one per settings field (lib/build-settings.ts names them), each validated by the package. */
interface ImportMetaEnv {
  readonly [variable: `WXT_${string}`]: string | undefined;
}
