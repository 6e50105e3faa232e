/** H5: the roster file is picked with a file input and read as base64 (CSV as text). */
export interface PickedFile {
  readonly name: string;
  /** `xlsx` (base64) or `csv` (text). */
  readonly kind: 'xlsx' | 'csv';
  readonly content: string;
}

export function pickRosterFile(): Promise<PickedFile | null> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.xlsx,.csv';
    input.onchange = () => {
      const file = input.files?.[0];
      if (file === undefined) return resolve(null);
      const reader = new FileReader();
      const xlsx = file.name.toLowerCase().endsWith('.xlsx');
      reader.onerror = () => reject(new Error('读不出这个文件'));
      reader.onload = () => {
        const result = String(reader.result);
        resolve({
          name: file.name,
          kind: xlsx ? 'xlsx' : 'csv',
          content: xlsx ? result.slice(result.indexOf(',') + 1) : result,
        });
      };
      if (xlsx) reader.readAsDataURL(file);
      else reader.readAsText(file, 'utf-8');
    };
    input.click();
  });
}
