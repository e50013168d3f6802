package cli

import "errors"

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
	p, err := e.open(f, true, true)
	if err != nil {
		return err
	}
	e.opened = nil // the window tells of a failed backup itself
	return e.window(p, p.Path(), *annotator, f.project == "")
}
