/** H5: an exported file (base64 from the function) is downloaded by the browser. */
export async function saveExported(file: {
  readonly fileName: string;
  readonly mimeType: string;
  readonly base64: string;
}): Promise<void> {
  const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
