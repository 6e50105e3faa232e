/** Printing the agreement in the browser: the browser's own print dialog (A4, `@media print`). */
export function printAgreement(): void {
  window.print();
}

export const PRINT_HINT = '点「打印」用电脑连接的打印机打印，也可以在打印窗口里选「另存为 PDF」。';
