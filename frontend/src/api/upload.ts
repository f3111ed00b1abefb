import { ApiError, parseRetryAfter, toProblem } from './errors';
import { fillPath, type PathsWith } from './paths';
import { getAccessToken, renewAccessToken } from './session';

/** A body sent with upload progress: a file, or text such as CSV. */
export interface Upload {
  body: Blob | string;
  contentType: string;
  /** Called with the share sent so far, 0 to 1. */
  onProgress: (fraction: number) => void;
}

function answer(xhr: XMLHttpRequest): unknown {
  try {
    return xhr.responseText === '' ? undefined : JSON.parse(xhr.responseText);
  } catch {
    return undefined;
  }
}

function sendOnce(url: string, upload: Upload, token: string | null): Promise<XMLHttpRequest> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Content-Type', upload.contentType);
    xhr.setRequestHeader('Accept', 'application/json');
    if (token !== null) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) upload.onProgress(event.loaded / event.total);
    };
    xhr.onload = () => resolve(xhr);
    xhr.onerror = () => reject(ApiError.network());
    xhr.send(upload.body);
  });
}

/**
 * POSTs a raw body with XMLHttpRequest, whose upload events give a progress bar
 * (`fetch` has none). Like every API call it renews the access token once on a 401.
 */
export async function uploadWithProgress<T>(
  path: PathsWith<'post'>,
  params: Record<string, string>,
  upload: Upload,
): Promise<T> {
  const url = fillPath(path, params);
  const usedToken = getAccessToken();
  let xhr = await sendOnce(url, upload, usedToken);
  if (xhr.status === 401) {
    const renewed = await renewAccessToken(usedToken);
    if (renewed !== null) {
      upload.onProgress(0);
      xhr = await sendOnce(url, upload, renewed);
    }
  }
  if (xhr.status < 200 || xhr.status >= 300) {
    throw new ApiError(xhr.status, toProblem(answer(xhr)), parseRetryAfter(xhr.getResponseHeader('Retry-After')));
  }
  upload.onProgress(1);
  return answer(xhr) as T;
}

/**
 * PUTs a file to a presigned storage URL with the headers it was signed with
 * (the browser sets Content-Length itself), reporting progress. No bearer
 * token: the signature is the credential.
 */
export function putWithProgress(
  url: string,
  headers: Record<string, string>,
  body: Blob,
  onProgress: (fraction: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    for (const [name, value] of Object.entries(headers)) {
      if (!['content-length', 'host'].includes(name.toLowerCase())) xhr.setRequestHeader(name, value);
    }
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
      } else {
        reject(new ApiError(xhr.status, toProblem(answer(xhr)), null));
      }
    };
    xhr.onerror = () => reject(ApiError.network());
    xhr.send(body);
  });
}
