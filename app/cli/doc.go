// Package cli is Alama's command line: the commands that script a project
// without a window (import, export, list, stats, check, search, train ...;
// "alama help" lists them).
//
// The commands are an explicit table, commands in cli.go; each command is
// declared in its own file beside its run function, with its own test
// file. The work itself (opening or creating a project, importing,
// exporting, bundles) is package app's, which the window calls too; a
// command parses its flags, calls app or the project, and words the result
// for a terminal.
//
// Run is the entry point. The package does not import the window: the
// gui command, and no command at all, open it through the Window function
// main passes in.
package cli
