package gui

import (
	"errors"
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"alama/annotate"
	"alama/app"
	"alama/app/textview"
)

// bar is one row of a bar chart.
type bar struct {
	name  string
	value int
	color color.Color
}

// projectCounts counts spans per label, relations per type and documents
// per status over the whole project, without reading texts. Records that
// cannot be read are left out, and err is then an *app.Unreadable naming
// them beside the counts of the rest.
func projectCounts(p annotate.Project, s *annotate.Schema) (labels, statuses []bar, relations map[string]int, err error) {
	st, err := p.Stats()
	if err != nil {
		return nil, nil, nil, err
	}
	for _, l := range s.Labels {
		labels = append(labels, bar{l.Name, st.SpansByLabel[l.Name], parseColor(l.Color)})
	}
	shades := []string{"#9e9e9e", "#f5b942", "#3cb44b", "#1f6f78"}
	for i, status := range annotate.Statuses {
		statuses = append(statuses, bar{statusName(status), st.ByStatus[status], parseColor(shades[i])})
	}
	return labels, statuses, st.RelationsByType, (&app.Unreadable{Errs: st.Unreadable}).Err()
}

// barChart draws horizontal bars scaled to the largest value.
func barChart(title string, bars []bar) fyne.CanvasObject {
	maxV := 1
	for _, b := range bars {
		maxV = max(maxV, b.value)
	}
	const width = 320
	rows := container.NewVBox(widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	for _, b := range bars {
		r := canvas.NewRectangle(b.color)
		w := float32(width * b.value / maxV)
		r.SetMinSize(fyne.NewSize(max(w, 2), theme.TextSize()+4))
		name := textview.NewLabel("")
		setRight(name, b.name)
		rows.Add(container.NewBorder(nil, nil,
			container.NewGridWrap(fyne.NewSize(130, name.MinSize().Height), name), nil,
			container.NewHBox(container.NewCenter(r), widget.NewLabel(fmt.Sprint(b.value)))))
	}
	return rows
}

// showStats opens the project overview.
func (u *ui) showStats() {
	labels, statuses, relations, err := projectCounts(u.project, u.schema)
	if err != nil && !errors.As(err, new(*app.Unreadable)) {
		u.showError(err)
		return
	}
	rel := container.NewVBox(widget.NewLabelWithStyle(tr("Relations per type"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	for _, t := range u.schema.Relations {
		line := messageLabel()
		line.Truncation = fyne.TextTruncateOff
		line.SetText(fmt.Sprintf("%s: %d", userText(t.Name), relations[t.Name]))
		rel.Add(line)
	}
	content := container.NewVBox(
		barChart(tr("Spans per label"), labels),
		widget.NewSeparator(),
		barChart(tr("Documents per status"), statuses),
		widget.NewSeparator(),
		rel)
	// A scroll's least size is tiny: give it the content's, up to a
	// height that fits a small screen.
	scroll := container.NewVScroll(content)
	m := content.MinSize()
	scroll.SetMinSize(fyne.NewSize(m.Width, min(m.Height, 480)))
	dialog.ShowCustom(tr("Project statistics"), tr("Close"), scroll, u.win)
	if err != nil { // documents left out
		u.showError(err)
	}
}
