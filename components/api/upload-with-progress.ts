import { apiErrorFrom, ApiError } from './client';

/** fetch() cannot report upload progress; XMLHttpRequest can. Resolves with the JSON body. */
export function uploadWithProgress<T>(
  method: 'POST' | 'PUT',
  url: string,
  file: File,
  onProgress: (fraction: number) => void,
  fields: Record<string, string> = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      onProgress(1);
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.response as T);
      else reject(apiErrorFrom(xhr.status, xhr.response));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'The upload failed: the server could not be reached.'));
    const form = new FormData();
    form.set('file', file, file.name);
    for (const [key, value] of Object.entries(fields)) form.set(key, value);
    xhr.send(form);
  });
}
