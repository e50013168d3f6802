package cli

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"alama/annotate/agree"
	"alama/app"
)

var curateCommand = command{name: "curate", synopsis: "curate [-project FILE] -auto [-annotators A,B,...] [-min N]: copy the spans and relations the annotators agree on into the gold layer", run: runCurate}

func runCurate(e *env, args []string) error {
	f := e.flags("curate", "curate [-project FILE] -auto [-annotators A,B,...] [-min N]")
	auto := f.Bool("auto", false, "copy agreed spans into the gold layer (the window curates one span at a time)")
	list := f.String("annotators", "", "comma-separated `NAMES` to compare (default: every annotator but gold)")
	minAgree := f.Int("min", 0, "copy a span when at least `N` of them have it exactly (default: every one present in the document, and at least two)")
	if err := f.parse(args); err != nil {
		return err
	}
	if f.NArg() > 0 || !*auto || *minAgree < 0 {
		f.Usage()
		return errUsage
	}
	p, err := e.open(f, false, false)
	if err != nil {
		return err
	}
	defer p.Close()
	// A document whose record cannot be read is left out and named at
	// the end.
	s, skipped := app.Survey(p)
	if skipped != nil && !errors.As(skipped, new(*app.Unreadable)) {
		return skipped
	}
	names := s.Compared()
	if *list != "" {
		names = nil
		for _, n := range strings.Split(*list, ",") {
			if n = strings.TrimSpace(n); n != "" && !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
		if slices.Contains(names, agree.Gold) {
			return fmt.Errorf("-annotators: %s is the layer being curated, not one to compare", agree.Gold)
		}
		if err := checkLayers(s, names...); err != nil {
			return err
		}
	}
	if *minAgree > len(names) {
		return fmt.Errorf("-min %d: there are only %s to agree", *minAgree, counted(len(names), "annotator"))
	}
	spans, rels, docs := 0, 0, 0
	for d, err := range app.Readable(p.All(), &app.Unreadable{}) {
		if err != nil {
			return err
		}
		edit, ns, nr := agree.AutoCurate(d, names, *minAgree)
		if edit == nil {
			continue
		}
		if _, err := p.Apply(d.ID, edit); err != nil {
			return err
		}
		spans += ns
		rels += nr
		docs++
	}
	fmt.Fprintf(e.stdout, "copied %s and %s into the %s layer of %s (annotators compared: %s); undo works per document\n",
		counted(spans, "span"), counted(rels, "relation"), agree.Gold, counted(docs, "document"), strings.Join(names, ", "))
	return e.leftOut("curate", p, skipped)
}
