package format

import (
	"encoding/xml"
	"path/filepath"
	"slices"
	"strings"

	"alama/annotate"
)

// LabelStudioConfigSuffix replaces the extension of a Label Studio export
// in the name of the labeling configuration written beside it.
const LabelStudioConfigSuffix = ".config.xml"

// LabelStudioConfigName is the name of the labeling configuration written
// beside the Label Studio export out: tasks.json → tasks.config.xml.
func LabelStudioConfigName(out string) string {
	return strings.TrimSuffix(out, filepath.Ext(out)) + LabelStudioConfigSuffix
}

// merge adds the names of o.
func (u *usedNames) merge(o *usedNames) {
	for _, l := range o.labels {
		u.label(l)
	}
	for _, r := range o.relations {
		u.relation(r)
	}
	for _, a := range o.attrs {
		for _, v := range o.values[a] {
			u.attr(a, v)
		}
	}
}

// usedNames collects the labels, relation types and attribute values a
// document set uses, in first-use order.
type usedNames struct {
	labels, relations []string
	attrs             []string            // attribute names
	values            map[string][]string // attribute → values
}

func (u *usedNames) label(l string) {
	if !slices.Contains(u.labels, l) {
		u.labels = append(u.labels, l)
	}
}

func (u *usedNames) relation(r string) {
	if !slices.Contains(u.relations, r) {
		u.relations = append(u.relations, r)
	}
}

func (u *usedNames) attr(name, value string) {
	if u.values == nil {
		u.values = map[string][]string{}
	}
	if _, ok := u.values[name]; !ok {
		u.attrs = append(u.attrs, name)
	}
	if !slices.Contains(u.values[name], value) {
		u.values[name] = append(u.values[name], value)
	}
}

// LabelStudioConfig returns the labeling configuration (the XML a Label
// Studio project is created with) that matches the Label Studio export:
// a Labels tag named "label" with the schema's labels and colours, a
// Relations tag with its relation types, one per-region Choices tag per
// attribute name (the values of every label that has it; a boolean
// attribute offers "true"), a per-region TextArea named "note", and the
// Text tag over $text with the title as a header. Labels, relation types
// and attribute values that documents use but the schema lacks are added
// with used; either may be nil.
func LabelStudioConfig(schema *annotate.Schema, used *usedNames) []byte {
	var labels, colors, relations, attrs []string
	values := map[string][]string{}
	addAttr := func(name string, vs ...string) {
		if _, ok := values[name]; !ok {
			attrs = append(attrs, name)
			values[name] = nil
		}
		for _, v := range vs {
			if !slices.Contains(values[name], v) {
				values[name] = append(values[name], v)
			}
		}
	}
	if schema != nil {
		for _, l := range schema.Labels {
			labels, colors = append(labels, l.Name), append(colors, l.Color)
			for _, a := range l.Attrs {
				if len(a.Values) == 0 {
					addAttr(a.Name, "true")
				} else {
					addAttr(a.Name, a.Values...)
				}
			}
		}
		for _, r := range schema.Relations {
			relations = append(relations, r.Name)
		}
	}
	if used != nil {
		for _, l := range used.labels {
			if !slices.Contains(labels, l) {
				labels, colors = append(labels, l), append(colors, "")
			}
		}
		for _, r := range used.relations {
			if !slices.Contains(relations, r) {
				relations = append(relations, r)
			}
		}
		for _, a := range used.attrs {
			addAttr(a, used.values[a]...)
		}
	}
	var b strings.Builder
	attr := func(name, value string) {
		b.WriteString(" " + name + `="`)
		xml.EscapeText(&b, []byte(value))
		b.WriteString(`"`)
	}
	b.WriteString("<View>\n  <Header")
	attr("value", "$title")
	b.WriteString("/>\n")
	if len(relations) > 0 {
		b.WriteString("  <Relations>\n")
		for _, r := range relations {
			b.WriteString("    <Relation")
			attr("value", r)
			b.WriteString("/>\n")
		}
		b.WriteString("  </Relations>\n")
	}
	b.WriteString("  <Labels")
	attr("name", lsFromName)
	attr("toName", lsToName)
	b.WriteString(">\n")
	for i, l := range labels {
		b.WriteString("    <Label")
		attr("value", l)
		if colors[i] != "" {
			attr("background", colors[i])
		}
		b.WriteString("/>\n")
	}
	b.WriteString("  </Labels>\n  <Text")
	attr("name", lsToName)
	attr("value", "$"+lsToName)
	b.WriteString("/>\n")
	if len(attrs) > 0 {
		b.WriteString(`  <View visibleWhen="region-selected">` + "\n")
		for _, a := range attrs {
			b.WriteString("    <Choices")
			attr("name", a)
			attr("toName", lsToName)
			attr("perRegion", "true")
			b.WriteString(">\n")
			for _, v := range values[a] {
				b.WriteString("      <Choice")
				attr("value", v)
				b.WriteString("/>\n")
			}
			b.WriteString("    </Choices>\n")
		}
		b.WriteString("  </View>\n")
	}
	b.WriteString("  <TextArea")
	attr("name", lsNoteName)
	attr("toName", lsToName)
	attr("perRegion", "true")
	attr("editable", "true")
	attr("placeholder", "note")
	b.WriteString("/>\n</View>\n")
	return []byte(b.String())
}
