package cli

import (
	"fmt"
	"time"
)

var checkCommand = command{name: "check", synopsis: "check [-project FILE]: check every stored invariant; exit status 1 on any problem", run: runCheck}

func runCheck(e *env, args []string) error {
	f := e.flags("check", "check [-project FILE]")
	if err := f.parse(args); err != nil {
		return err
	}
	p, err := e.openRead(f)
	if err != nil {
		return err
	}
	defer p.Close()
	// A large project takes a while: say how far the check has got,
	// about once a second.
	start := time.Now()
	last := start
	errs := p.CheckProgress(func(docs int) {
		if now := time.Now(); now.Sub(start) >= time.Second && now.Sub(last) >= time.Second {
			last = now
			fmt.Fprintf(e.stderr, "checked %s\n", counted(docs, "document"))
		}
	})
	for _, err := range errs {
		fmt.Fprintln(e.stdout, err)
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s: %d problems found", p.Path(), len(errs))
	}
	docs, err := p.Documents()
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %s, no problems found\n", p.Path(), counted(len(docs), "document"))
	return nil
}
