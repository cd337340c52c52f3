/** Saves bytes as a file through a download (the browser and Electron both handle it). */
export function downloadBytes(fileName: string, bytes: Uint8Array | string, type: string): void {
  const part: BlobPart = typeof bytes === 'string' ? bytes : (bytes.slice().buffer as ArrayBuffer);
  const url = URL.createObjectURL(new Blob([part], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
