package cli

import (
	"errors"
	"fmt"
	"text/tabwriter"
	"time"

	"alama/annotate"
	"alama/annotate/learn"
	"alama/app"
)

var trainCommand = command{
	name:     "train",
	synopsis: "train [-project FILE] [-annotator NAME] [-status done] [-eval PCT] [-seed N]: train the project's span recommender on a layer's spans (default: gold if it has spans, else every layer) and keep it in the project, replacing the last",
	run:      runTrain,
}

func runTrain(e *env, args []string) error {
	const synopsis = "train [-project FILE] [-annotator NAME] [-status done] [-eval PCT] [-seed N]"
	f := e.flags("train", synopsis)
	annotator := f.String("annotator", "", "learn the spans of layer `NAME` (default: gold if it has spans, else every layer)")
	status := f.String("status", string(annotate.StatusDone), "learn from the documents with this `STATUS`")
	eval := f.Int("eval", 0, "hold out `PCT`% of the documents and print precision, recall and F1 per label on them")
	seed := f.Uint64("seed", 1, "`N` fixes the order of training and the held-out documents")
	if err := f.parse(args); err != nil {
		return err
	}
	if f.NArg() != 0 {
		f.Usage()
		return errUsage
	}
	p, err := e.open(f, false, false)
	if err != nil {
		return err
	}
	defer p.Close()
	res, err := app.Train(p, app.TrainOptions{Annotator: *annotator, Status: annotate.Status(*status), EvalPercent: *eval, Seed: *seed, Now: e.now()})
	if err != nil {
		if errors.Is(err, app.ErrNothingToLearn) {
			return fmt.Errorf("%w; mark documents %s or name a layer with -annotator", err, *status)
		}
		return err
	}
	layer := "every layer"
	if res.Layer != "" {
		layer = "layer " + res.Layer
	}
	fmt.Fprintf(e.stdout, "trained on %s and %s (%s, %s %s) in %s; model %s\n",
		counted(res.Tokens, "token"), counted(res.Spans, "span"), layer, counted(res.Documents, "document"), *status,
		res.Took.Round(time.Millisecond), modelSize(res.Bytes))
	if res.Eval != nil {
		fmt.Fprintf(e.stdout, "on %s held out:\n", counted(res.EvalDocuments, "document"))
		tw := tabwriter.NewWriter(e.stdout, 0, 8, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "LABEL\tPRECISION\tRECALL\tF1\tGOLD\tFOUND\t")
		row := func(name string, c learn.Counts) {
			fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%.3f\t%d\t%d\t\n", cell(name), c.Precision(), c.Recall(), c.F1(), c.TP+c.FN, c.TP+c.FP)
		}
		for _, l := range res.Eval.LabelNames() {
			row(l, *res.Eval.Labels[l])
		}
		row("all", res.Eval.All)
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return p.Close()
}

// modelSize formats a model's size in KB or MB.
func modelSize(n int) string {
	if n < 1<<20 {
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}
