/**
 * The one function of `qrcode` the screens use (lib/pix-qr.ts). Declared here rather than by `@types/qrcode`, which
 * brings Node's types into the browser code's type check.
 */
declare module 'qrcode' {
  export function create(
    text: string,
    options?: { errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H' },
  ): { modules: { size: number; data: Uint8Array } };
}
