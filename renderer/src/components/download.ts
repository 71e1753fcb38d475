// Saving a document from the page: a download in a browser, a save dialog in Electron.
export function downloadJson(fileName: string, value: unknown): void {
  const blob = new Blob([`${JSON.stringify(value, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own reference; the URL only has to live until the click is handled.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
