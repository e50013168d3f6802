package gui

import (
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"alama/annotate"
	"alama/annotate/learn"
	"alama/app"
)

// prefAutoSuggest turns on suggestions from the project's model when a
// document opens.
const prefAutoSuggest = "auto_suggest"

// evalShare is the share of the done documents Train on done documents
// holds out for its figures, before training again on all of them.
const evalShare = 20

// learner is the window's view of the project's model, loaded once per
// project.
type learner struct {
	project annotate.Project // the project the rest belongs to
	model   *learn.Model     // nil when the project has none
	trained time.Time
	tagged  map[uint64]learn.Tagging // per document, for the inspector
	unsure  map[uint64]float64       // the document list's order, when asked for
}

// model returns the open project's model, loading it on first use; nil
// when there is none.
func (u *ui) model() *learn.Model {
	if u.learner.project != u.project {
		u.learner = learner{project: u.project}
		m, trained, err := app.LoadModel(u.project)
		if err != nil && !errors.Is(err, app.ErrNoModel) {
			u.showError(err)
		}
		u.learner.model, u.learner.trained = m, trained
	}
	return u.learner.model
}

// trainDialog trains the model on the done documents in the background:
// first without a fifth of them, for per-label figures, then on all.
func (u *ui) trainDialog() {
	bar := widget.NewProgressBar()
	prog := dialog.NewCustomWithoutButtons(tr("Training"), bar, u.win)
	prog.Show()
	p := u.project
	go func() {
		step := func(base float64) func(int, int) {
			return func(done, total int) {
				fyne.Do(func() { bar.SetValue(base + 0.5*float64(done)/float64(total)) })
			}
		}
		held, err := app.Train(p, app.TrainOptions{EvalPercent: evalShare, Seed: 1, Now: u.now(), Progress: step(0)})
		var res app.TrainResult
		if err == nil {
			res, err = app.Train(p, app.TrainOptions{Seed: 1, Now: u.now(), Progress: step(0.5)})
		}
		fyne.Do(func() {
			prog.Hide()
			if err != nil {
				u.showError(err)
				return
			}
			u.learner.project = nil // load the new model on next use
			figures := widget.NewLabelWithStyle(trainFigures(held), fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
			dialog.ShowCustom(tr("Model trained"), tr("Close"), widget.NewCard("", tr("Trained on {{.Tokens}} and {{.Spans}} of {{.Docs}} in {{.Took}}.", map[string]any{
				"Tokens": counted("{{.Count}} tokens", res.Tokens), "Spans": counted("{{.Count}} spans", res.Spans),
				"Docs": counted("{{.Count}} done documents", res.Documents), "Took": res.Took.Round(time.Millisecond).String(),
			}), figures), u.win)
		})
	}()
}

// trainFigures formats the held-out figures of a training run.
func trainFigures(r app.TrainResult) string {
	if r.Eval == nil {
		return tr("Too few done documents to hold some out for figures.")
	}
	var b strings.Builder
	fmt.Fprintln(&b, trN("Held out {{.Docs}} documents:", r.EvalDocuments, map[string]any{"Docs": r.EvalDocuments}))
	tw := tabwriter.NewWriter(&b, 0, 8, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", tr("Label"), tr("Precision"), tr("Recall"), "F1", tr("Gold"))
	row := func(name string, c learn.Counts) {
		fmt.Fprintf(tw, "%s\t%.2f\t%.2f\t%.2f\t%d\n", name, c.Precision(), c.Recall(), c.F1(), c.TP+c.FN)
	}
	for _, l := range r.Eval.LabelNames() {
		row(l, *r.Eval.Labels[l])
	}
	row(tr("All"), r.Eval.All)
	tw.Flush()
	return b.String()
}

// suggestDocs adds the model's spans to documents (nil: every document
// not done) as suggestions in the current layer.
func (u *ui) suggestDocs(ids []uint64) {
	m := u.model()
	if m == nil {
		u.showError(app.ErrNoModel)
		return
	}
	res, err := app.Suggest(u.project, m, u.learner.trained, app.SuggestOptions{Annotator: u.layer, Docs: ids})
	if err != nil {
		u.showError(err)
		return
	}
	u.learner.tagged = nil
	u.docs.reload()
	if u.doc != nil {
		u.showDocument(u.doc.ID)
	}
	u.setHint(tr("{{.Added}} added to {{.Docs}} ({{.Present}} there already).", map[string]any{
		"Added": counted("{{.Count}} suggestions", res.Added), "Docs": counted("{{.Count}} documents", res.Documents), "Present": res.Present,
	}))
}

// suggestOnOpen suggests on document id before it opens, if the setting
// is on and the document has not had this model's suggestions yet.
func (u *ui) suggestOnOpen(id uint64) {
	if !u.app.Preferences().BoolWithFallback(prefAutoSuggest, true) || u.model() == nil {
		return
	}
	i := u.docs.index(id)
	if i < 0 || u.docs.all[i].Status == annotate.StatusDone || u.docs.all[i].Status == annotate.StatusReviewed {
		return
	}
	stale, err := app.Stale(u.project, u.learner.trained, []uint64{id})
	if err != nil || len(stale) == 0 {
		return
	}
	res, err := app.Suggest(u.project, u.learner.model, u.learner.trained, app.SuggestOptions{Annotator: u.layer, Docs: stale})
	if err != nil {
		u.showError(err)
		return
	}
	if res.Added > 0 {
		delete(u.learner.tagged, id)
		if d, err := u.project.Document(id); err == nil {
			u.docs.update(d)
		}
		u.setHint(trN("The project model suggested {{.Added}} spans: Enter accepts, Backspace rejects.", res.Added, map[string]any{"Added": res.Added}))
	}
}

// confidence returns the model's confidence in a suggested span of the
// open document.
func (u *ui) confidence(sp annotate.Span) (float64, bool) {
	if !sp.Suggested || u.doc == nil || u.model() == nil {
		return 0, false
	}
	if u.learner.tagged == nil {
		u.learner.tagged = map[uint64]learn.Tagging{}
	}
	t, ok := u.learner.tagged[u.doc.ID]
	if !ok {
		t = u.learner.model.TagDocument(u.doc, nil)
		u.learner.tagged[u.doc.ID] = t
	}
	return t.Confidence(sp)
}

// orderByUncertainty puts the documents the model is least sure of first
// in the list (done ones keep their places after them), or back in id
// order.
func (u *ui) orderByUncertainty(on bool) {
	if !on {
		u.learner.unsure = nil
		u.docs.applyFilter()
		return
	}
	m := u.model()
	if m == nil {
		u.showError(app.ErrNoModel)
		return
	}
	var ids []uint64
	for _, d := range u.docs.all {
		if d.Status != annotate.StatusDone && d.Status != annotate.StatusReviewed {
			ids = append(ids, d.ID)
		}
	}
	prog := dialog.NewCustomWithoutButtons(tr("Asking the model"), widget.NewProgressBarInfinite(), u.win)
	prog.Show()
	p := u.project
	go func() {
		unsure, err := app.Uncertainty(p, m, ids)
		fyne.Do(func() {
			prog.Hide()
			if err != nil {
				u.showError(err)
				return
			}
			u.learner.unsure = unsure
			u.docs.applyFilter()
		})
	}()
}
