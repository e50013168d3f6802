package cli

import (
	"errors"

	"alama/app"
	"alama/store"
)

var guiCommand = command{
	name:     "gui",
	synopsis: "gui [-project FILE] [-annotator NAME]: open the annotation window (the default with no command; without -project, the project used last)",
	run:      runGUI,
}

func runGUI(e *env, args []string) error {
	f := e.flags("gui", "gui [-project FILE] [-annotator NAME]")
	annotator := f.String("annotator", "", "annotate as `NAME` (otherwise the name given at first start)")
	if err := f.parse(args); err != nil {
		return err
	}
	if f.NArg() > 0 {
		f.Usage()
		return errUsage
	}
	if e.window == nil {
		return errors.New("no window to open")
	}
	// A project this user may not write opens read-only: the window says
	// so and refuses changes.
	p, err := app.Open(f.project, true, true, func(path string) (*store.Project, error) {
		return store.Open(path, store.Options{Now: e.now, ReadOnlyIfDenied: true})
	})
	if err != nil {
		return restoreHint(f, err)
	}
	return e.window(p, p.Path(), *annotator, f.project == "")
}
