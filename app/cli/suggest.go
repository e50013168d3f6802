package cli

import (
	"fmt"
	"strconv"

	"alama/app"
)

var suggestCommand = command{
	name:     "suggest",
	synopsis: "suggest [-project FILE] [-annotator model] [-doc ID] [-min-confidence X]: add the trained model's spans as suggestions to the documents not yet done, one undoable edit per document, never a span that is there",
	run:      runSuggest,
}

func runSuggest(e *env, args []string) error {
	const synopsis = "suggest [-project FILE] [-annotator model] [-doc ID] [-min-confidence X]"
	f := e.flags("suggest", synopsis)
	annotator := f.String("annotator", app.ModelLayer, "layer `NAME` of the suggestions")
	docID := f.String("doc", "", "only the document with this `ID`")
	minConf := f.Float64("min-confidence", 0, "leave out spans the model is less sure of than `X` (confidences run from 0.5 to 1)")
	if err := f.parse(args); err != nil {
		return err
	}
	if f.NArg() != 0 || *minConf < 0 || *minConf > 1 {
		f.Usage()
		return errUsage
	}
	var docs []uint64
	if *docID != "" {
		id, err := strconv.ParseUint(*docID, 10, 64)
		if err != nil || id == 0 {
			return fmt.Errorf("-doc %q: not a document id", *docID)
		}
		docs = []uint64{id}
	}
	p, err := e.open(f, false, false)
	if err != nil {
		return err
	}
	defer p.Close()
	m, trained, err := app.LoadModel(p)
	if err != nil {
		return err
	}
	res, err := app.Suggest(p, m, trained, app.SuggestOptions{Annotator: *annotator, Docs: docs, MinConfidence: *minConf})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s added to %s in layer %s", counted(res.Added, "suggestion"), counted(res.Documents, "document"), *annotator)
	if res.Present > 0 {
		fmt.Fprintf(e.stdout, "; %d already there", res.Present)
	}
	if res.Unsure > 0 {
		fmt.Fprintf(e.stdout, "; %d below confidence %g", res.Unsure, *minConf)
	}
	if res.Done > 0 {
		fmt.Fprintf(e.stdout, "; %s left alone, being done", counted(res.Done, "document"))
	}
	fmt.Fprintln(e.stdout)
	return p.Close()
}
