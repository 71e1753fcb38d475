// Saving a file from the page: a download in a browser, a save dialog in Electron.
export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own reference; the URL only has to live until the click is handled.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadJson(fileName: string, value: unknown): void {
  downloadText(fileName, `${JSON.stringify(value, null, 2)}\n`, 'application/json');
}
