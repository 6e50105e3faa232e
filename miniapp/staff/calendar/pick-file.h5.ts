/** Picking a holiday file in the browser: a hidden file input, read as UTF-8 text. */

export interface PickedFile {
  readonly name: string;
  readonly text: string;
}

/** Opens the file chooser for a .csv or .json file; null when the person cancels. */
export function pickTextFile(): Promise<PickedFile | null> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.csv,.json,text/csv,application/json';
    input.style.display = 'none';
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      input.remove();
      if (file === undefined) {
        resolve(null);
        return;
      }
      const reader = new FileReader();
      reader.onload = () => resolve({ name: file.name, text: String(reader.result ?? '') });
      reader.onerror = () => reject(new Error('文件读不出来'));
      reader.readAsText(file, 'utf-8');
    });
    document.body.appendChild(input);
    input.click();
  });
}
