import S3rver from 's3rver';
import { freePort } from './dynamodb-local';

export interface S3Emulator {
  endpoint: string;
  server: S3rver;
  stop(): Promise<void>;
}

/** s3rver in this process: the real S3 client talks to it over HTTP (access key S3RVER/S3RVER). */
export async function startS3Emulator(options: { directory: string; port?: number; corsOrigins?: readonly string[] }): Promise<S3Emulator> {
  const port = options.port ?? (await freePort());
  const server = new S3rver({ port, address: '127.0.0.1', silent: true, directory: options.directory, allowMismatchedSignatures: true });
  await server.run();
  return { endpoint: `http://127.0.0.1:${port}`, server, stop: () => server.close() };
}
