package cli

import (
	"fmt"
	"slices"
	"strings"

	"alama/annotate/format"
	"alama/app"
)

var importCommand = command{
	name:     "import",
	synopsis: "import [-project FILE] [-format FORMAT] [-encoding cp1256] [-annotator NAME] [-suggested] [-add-labels] PATH...: add articles (.txt) and annotated files (Alama .jsonl, brat, doccano, Label Studio, spaCy, CoNLL, Hugging Face, Parquet, WebAnno TSV), detected by content or named with -format; folders are searched; FILE.zip bundles replace their annotator's layer",
	run:      runImport,
}

// importOptions are the app.ImportOptions of every import; tests shrink
// the batches.
var importOptions app.ImportOptions

func runImport(e *env, args []string) error {
	f := e.flags("import", "import [-project FILE] [-format FORMAT] [-offsets utf16] [-encoding cp1256] [-annotator NAME] [-suggested] [-add-labels] PATH...")
	annotator := f.String("annotator", "", "record `NAME` as the annotator of imported spans and relations that name none, or import bundles as NAME's layer")
	forced := f.String("format", "", "read every file as `FORMAT` ("+strings.Join(format.ImportFormats(), ", ")+") instead of detecting it")
	offsets := f.String("offsets", "", "Label Studio files: offset `UNIT`, codepoint (default) or utf16")
	encoding := f.String("encoding", "", "plain-text articles are in `ENCODING` ("+strings.Join(app.EncodingNames(), ", ")+": the Windows Arabic encoding), converted to UTF-8; default UTF-8 (UTF-16 with a byte order mark is converted always)")
	suggested := f.Bool("suggested", false, "import every span as a suggestion to accept or reject; documents already in the project get the file's spans as suggestions")
	addLabels := f.Bool("add-labels", false, "add the span labels and relation types the schema lacks to it (listed in the report) instead of refusing the file")
	if err := f.parse(args); err != nil {
		return err
	}
	if f.NArg() == 0 {
		f.Usage()
		return errUsage
	}
	if _, ok := app.Encodings[strings.ToLower(*encoding)]; *encoding != "" && !ok {
		return fmt.Errorf("-encoding %s: unknown encoding (known: %s)", *encoding, strings.Join(app.EncodingNames(), ", "))
	}
	if *forced != "" && !slices.Contains(format.ImportFormats(), *forced) {
		return fmt.Errorf("-format %s: unknown format (known: %s)", *forced, strings.Join(format.ImportFormats(), ", "))
	}
	p, err := e.open(f, true, false)
	if err != nil {
		return err
	}
	defer p.Close()
	opts := importOptions
	opts.Format, opts.Offsets, opts.Encoding, opts.Annotator, opts.Suggested, opts.AddLabels = *forced, *offsets, *encoding, *annotator, *suggested, *addLabels
	rep := &importReporter{e: e, project: p.Path()}
	res, err := app.Import(p, f.Args(), opts, rep)
	if err != nil {
		return err
	}
	var plain, plainFailed, bundlesFailed, suggestions, suggestedDocs int
	for _, r := range res.Files {
		switch {
		case r.Bundle && r.Err != nil:
			bundlesFailed++
		case r.Bundle:
		case r.Err != nil:
			plain++
			plainFailed++
		default:
			plain++
			suggestions += r.Suggestions
			suggestedDocs += r.SuggestedDocs
		}
	}
	if plain > 0 {
		fmt.Fprintf(e.stdout, "imported %s from %s into %s", counted(rep.added, "document"), counted(plain, "file"), p.Path())
		if rep.skipped > 0 {
			fmt.Fprintf(e.stdout, "; %s already there, skipped", thousands(rep.skipped))
		}
		if suggestedDocs > 0 {
			fmt.Fprintf(e.stdout, "; %s added to %s already there", counted(suggestions, "suggestion"), counted(suggestedDocs, "document"))
		}
		fmt.Fprintln(e.stdout)
		fmt.Fprint(e.stdout, &res.Repairs)
	}
	if err := p.Close(); err != nil {
		return err
	}
	if plainFailed > 0 {
		fmt.Fprintf(e.stderr, "alama import: %s of %s not imported\n", thousands(plainFailed), counted(plain, "file"))
	}
	if bundlesFailed > 0 {
		fmt.Fprintf(e.stderr, "alama import: %s not imported\n", counted(bundlesFailed, "bundle"))
	}
	if plainFailed+bundlesFailed > 0 {
		return errFailed
	}
	return nil
}

// importReporter words what app.Import reports: problems on stderr, each
// bundle on stdout, progress about once a second.
type importReporter struct {
	e       *env
	project string
	prog    *progress
	// Documents added and skipped from files other than bundles.
	added, skipped int
}

func (r *importReporter) Found(files int) { r.prog = r.e.progress("imported", "files", files) }

func (r *importReporter) Warn(err error) { fmt.Fprintln(r.e.stderr, err) }

func (r *importReporter) Progress(files, _ int) { r.prog.update(files) }

func (r *importReporter) File(f app.FileReport) {
	e := r.e
	switch {
	case f.Err != nil:
		fmt.Fprintln(e.stderr, f.Err)
		return
	case f.Bundle:
		res := f.LayerResult
		fmt.Fprintf(e.stdout, "imported %s into %s as the layer of %s: %s added, %s replaced, %s unchanged; %s and %s\n",
			f.Path, r.project, f.Layer, counted(res.Added, "document"), thousands(res.Replaced), thousands(res.Unchanged),
			counted(res.Spans, "span"), counted(res.Relations, "relation"))
		return
	}
	r.added += f.Added
	r.skipped += len(f.Skipped)
	for _, line := range f.Skipped {
		where := f.Path
		if line > 0 {
			where = fmt.Sprintf("%s:%d", f.Path, line)
		}
		fmt.Fprintf(e.stderr, "%s: skipped: a document with the same text is already in the project\n", where)
	}
	if f.RelationsLeftOut > 0 {
		fmt.Fprintf(e.stderr, "%s: %s for documents already in the project not imported: suggestions carry no relations\n", f.Path, counted(f.RelationsLeftOut, "relation"))
	}
}
