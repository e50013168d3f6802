package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"alama/annotate"
	"alama/annotate/search"
)

var preannotateCommand = command{name: "preannotate", synopsis: "preannotate [-project FILE] -gazetteer FILE [-label L] [-format plain|csv] [-doc ID] [-annotator NAME]: add suggested spans where gazetteer terms occur, one undoable edit per document", run: runPreannotate}

func runPreannotate(e *env, args []string) error {
	const synopsis = "preannotate [-project FILE] -gazetteer FILE [-label L] [-format plain|csv] [-doc ID] [-annotator NAME]"
	f := e.flags("preannotate", synopsis)
	gazFile := f.String("gazetteer", "", "gazetteer `FILE`: one term a line, or term,label records in a .csv file")
	label := f.String("label", "", "`LABEL` of plain-list terms and of CSV records without one")
	gazFormat := f.String("format", "", "gazetteer format, plain or csv (default: csv for a .csv file, else plain)")
	docID := f.String("doc", "", "only the document with this `ID`")
	annotator := f.String("annotator", "gazetteer", "annotator `NAME` recorded on the suggestions")
	if err := f.parse(args); err != nil {
		return err
	}
	if f.NArg() != 0 || *gazFile == "" {
		f.Usage()
		return errUsage
	}
	var only uint64
	if *docID != "" {
		id, err := strconv.ParseUint(*docID, 10, 64)
		if err != nil || id == 0 {
			return fmt.Errorf("-doc %q: not a document id", *docID)
		}
		only = id
	}
	if *gazFormat == "" {
		*gazFormat = search.FormatOf(*gazFile)
	}
	file, err := os.Open(*gazFile)
	if err != nil {
		return err
	}
	g, err := search.ParseGazetteer(file, *gazFile, strings.ToLower(*gazFormat), *label)
	file.Close()
	if err != nil {
		return err
	}
	p, err := e.open(f, false, false)
	if err != nil {
		return err
	}
	defer p.Close()
	schema, err := p.Schema()
	if err != nil {
		return err
	}
	if err := g.CheckLabels(schema); err != nil {
		return err
	}
	ids := []uint64{only}
	if only == 0 {
		infos, err := p.Documents()
		if err != nil {
			return err
		}
		ids = ids[:0]
		for _, d := range infos {
			ids = append(ids, d.ID)
		}
	}
	now := e.now()
	total, docs := 0, 0
	for _, id := range ids {
		d, err := p.Document(id)
		if err != nil {
			return err
		}
		edits := search.Suggest(d, g, *annotator, now)
		if len(edits) == 0 {
			continue
		}
		if _, err := p.Apply(id, annotate.Batch{Edits: edits}); err != nil {
			return fmt.Errorf("document %d: %w (earlier documents keep their suggestions)", id, err)
		}
		fmt.Fprintf(e.stdout, "document %d: %s\n", id, counted(len(edits), "suggestion"))
		total += len(edits)
		docs++
	}
	fmt.Fprintf(e.stdout, "added %s to %s from %s\n", counted(total, "suggestion"), counted(docs, "document"), filepath.Base(*gazFile))
	return nil
}
