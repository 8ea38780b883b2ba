// oidc-provider supports only current Node LTS lines; npm scripts run on the `node` package
// (Node 24). Running on an older Node means the scripts bypassed it: stop at once.
export function assertSupportedRuntime(): void {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 24) {
    process.stderr.write(
      `chiakhoa needs Node 24 LTS or later, this is ${process.version}. Run it through npm (npm start), which uses the pinned node package.\n`,
    );
    process.exit(1);
  }
}
