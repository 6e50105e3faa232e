/** In the browser: the browser's own zoom serves large text, and a reload brings a new version. */
export function systemFontIsLarge(): boolean {
  return false;
}

export function watchForUpdate(): void {}
