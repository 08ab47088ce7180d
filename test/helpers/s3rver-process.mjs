// Child process body of test/helpers/s3rver.ts: s3rver needs `node --openssl-legacy-provider`,
// so it runs here, prints {"port"} once bound, and exits when its parent closes stdin.
import S3rver from 's3rver';

const directory = process.argv[2];
const bucket = process.argv[3] ?? 'test-bucket';
if (!directory) {
  console.error('usage: node --openssl-legacy-provider s3rver-process.mjs <directory> [bucket]');
  process.exit(2);
}

const server = new S3rver({
  port: 0,
  address: '127.0.0.1',
  silent: true,
  directory,
  configureBuckets: [{ name: bucket }],
});
const { port } = await server.run();
process.stdout.write(`${JSON.stringify({ port })}\n`);

const shutdown = () => server.close(() => process.exit(0));
process.stdin.on('end', shutdown);
process.stdin.on('error', shutdown);
process.stdin.resume();
process.on('SIGTERM', shutdown);
