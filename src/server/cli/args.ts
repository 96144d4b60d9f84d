/** Command-line options of the server's commands: `--name value` or `--name=value`. */
export function arg(name: string, argv: readonly string[] = process.argv.slice(2)): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

/** Arguments that are not options (the commands that take them have no valued option). */
export function positionals(argv: readonly string[] = process.argv.slice(2)): string[] {
  return argv.filter((a) => !a.startsWith('--'));
}
