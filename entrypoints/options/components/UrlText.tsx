import { Fragment } from 'preact';
import { urlBreakPieces } from '@/lib/url-breaks';

export interface UrlTextProps {
  text: string;
}

/** `text` as text, with a line-break opportunity (`<wbr>`) after each `/` and `.` of its URLs. */
export function UrlText({ text }: UrlTextProps) {
  return (
    <>
      {urlBreakPieces(text).map((piece, index) => (
        <Fragment key={index}>
          {index > 0 && <wbr />}
          {piece}
        </Fragment>
      ))}
    </>
  );
}
