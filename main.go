// Command alama is an offline desktop tool for annotating Arabic news
// articles. With no command it opens the GUI on the default project; the
// other commands (import, export, list, stats, check, ...) script a project
// without a window. Run "alama help" for the list.
package main

import (
	"os"
	"runtime/debug"

	fyneapp "fyne.io/fyne/v2/app"

	"alama/annotate"
	"alama/app/cli"
	"alama/app/gui"
	_ "alama/app/locale" // before Fyne reads the locale
	"alama/store"
)

// appID identifies the app to Fyne (preferences, storage); it matches
// FyneApp.toml.
const appID = "app.alama.desktop"

func main() { os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, openGUI)) }

// openGUI is the cli.Window: it opens the main window on project p, stored
// at path, and returns when the window is closed. When p is the default
// project, chosen for want of -project, the window reopens the project used
// last instead, if there is one.
func openGUI(p annotate.Project, path, annotator string, byDefault bool) error {
	// The window runs for hours on a live heap of a few tens of megabytes,
	// and a search or a large document list makes garbage several times
	// that. Collecting when the heap has grown by half, not doubled, keeps
	// the window's resident memory lower for a few milliseconds of
	// collection per search. A GOGC setting in the environment wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	a := fyneapp.NewWithID(appID)
	return gui.Run(a, p, path, gui.Options{
		Annotator:  annotator,
		ReopenLast: byDefault,
		Open: func(path string) (annotate.Project, error) {
			return store.Open(path, store.Options{ReadOnlyIfDenied: true})
		},
	})
}
