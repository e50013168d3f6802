package main

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
)

// TestEndToEndDrop drops a file and a folder from a file manager onto the
// real window under Xvfb. xdotool cannot drag files, so the test speaks
// the drag-and-drop protocol of X (XDND) itself, as a file manager does.
// Both must be imported through the same import as File › Import, the
// folder searched, and the result closed with Enter.
func TestEndToEndDrop(t *testing.T) {
	s := startSession(t)
	dir := t.TempDir()
	article := filepath.Join(dir, "مقال.txt")
	folder := filepath.Join(dir, "folder")
	nested := filepath.Join(folder, "nested")
	if err := os.MkdirAll(nested, 0o755); err != nil {
		t.Fatal(err)
	}
	for path, text := range map[string]string{
		article:                          "خبر أول\nنص الخبر الأول.\n",
		filepath.Join(folder, "a.txt"):   "خبر ثان\nنص الخبر الثاني.\n",
		filepath.Join(nested, "b.txt"):   "خبر ثالث\nنص الخبر الثالث.\n",
		filepath.Join(folder, "note.md"): "not an article",
	} {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	w := s.words[0]
	x, y := s.win[0]+int((w.X0+w.X1)/2), s.win[1]+int((w.Y0+w.Y1)/2)
	if err := xdndDrop(s.display, windowID(t, s.display), x, y, []string{article, folder}); err != nil {
		screenshot(t, s.display, "drop.png")
		t.Fatalf("drop: %v\n%s", err, readLog(s.log))
	}
	time.Sleep(2 * time.Second) // the import runs in the background
	screenshot(t, s.display, "drop.png")
	s.key("Return") // closes the import result
	s.quit()

	var titles []string
	dec := json.NewDecoder(strings.NewReader(runBin(t, s.bin, "list", "-project", s.project, "-json")))
	for dec.More() {
		var l struct {
			Title string `json:"title"`
		}
		if err := dec.Decode(&l); err != nil {
			t.Fatal(err)
		}
		titles = append(titles, l.Title)
	}
	for _, want := range []string{"خبر أول", "خبر ثان", "خبر ثالث"} {
		if !slices.Contains(titles, want) {
			t.Errorf("titles after the drop %q, want %q among them", titles, want)
		}
	}
	if len(titles) != 4 {
		t.Errorf("%d documents after the drop (%q), want the first one and the 3 dropped", len(titles), titles)
	}
}

// xdndDrop drags paths from a window of its own onto window target at
// screen point (x, y) and drops them there, speaking XDND version 5: enter
// with the text/uri-list type, position, drop, then hand over the list of
// file URIs when the target asks for the selection, until it says it has
// finished.
func xdndDrop(display, target string, x, y int, paths []string) error {
	id, err := strconv.ParseUint(target, 10, 32)
	if err != nil {
		return fmt.Errorf("window id %q: %w", target, err)
	}
	to := xproto.Window(id)
	xgb.Logger = log.New(io.Discard, "", 0) // it would say Xvfb has no .Xauthority
	X, err := xgb.NewConnDisplay(display)
	if err != nil {
		return err
	}
	defer X.Close()
	root := xproto.Setup(X).DefaultScreen(X).Root
	src, err := xproto.NewWindowId(X)
	if err != nil {
		return err
	}
	if err := xproto.CreateWindowChecked(X, 0, src, root, 0, 0, 1, 1, 0,
		xproto.WindowClassInputOnly, 0, 0, nil).Check(); err != nil {
		return fmt.Errorf("create the source window: %w", err)
	}
	atoms := map[string]xproto.Atom{}
	for _, name := range []string{"XdndSelection", "XdndEnter", "XdndPosition", "XdndStatus",
		"XdndDrop", "XdndFinished", "XdndActionCopy", "text/uri-list"} {
		r, err := xproto.InternAtom(X, false, uint16(len(name)), name).Reply()
		if err != nil {
			return fmt.Errorf("atom %s: %w", name, err)
		}
		atoms[name] = r.Atom
	}
	if err := xproto.SetSelectionOwnerChecked(X, src, atoms["XdndSelection"], xproto.TimeCurrentTime).Check(); err != nil {
		return fmt.Errorf("own the selection: %w", err)
	}
	send := func(typ string, data ...uint32) error {
		ev := xproto.ClientMessageEvent{Format: 32, Window: to, Type: atoms[typ],
			Data: xproto.ClientMessageDataUnionData32New(append(data, make([]uint32, 5-len(data))...))}
		return xproto.SendEventChecked(X, false, to, xproto.EventMaskNoEvent, string(ev.Bytes())).Check()
	}
	var list strings.Builder
	for _, p := range paths {
		list.WriteString((&url.URL{Scheme: "file", Path: p}).String() + "\r\n")
	}

	events := make(chan xgb.Event)
	go func() {
		for {
			ev, err := X.WaitForEvent()
			if ev == nil && err == nil {
				close(events)
				return
			}
			if ev != nil {
				events <- ev
			}
		}
	}()
	next := func(want string) (xgb.Event, error) {
		timeout := time.After(15 * time.Second)
		for {
			select {
			case ev, ok := <-events:
				if !ok {
					return nil, fmt.Errorf("connection closed waiting for %s", want)
				}
				switch e := ev.(type) {
				case xproto.ClientMessageEvent:
					if e.Type == atoms[want] {
						return e, nil
					}
				case xproto.SelectionRequestEvent:
					if want == "SelectionRequest" {
						return e, nil
					}
				}
			case <-timeout:
				return nil, fmt.Errorf("no %s from the window within 15 s", want)
			}
		}
	}

	if err := send("XdndEnter", uint32(src), 5<<24, uint32(atoms["text/uri-list"])); err != nil {
		return err
	}
	if err := send("XdndPosition", uint32(src), 0, uint32(x)<<16|uint32(y), xproto.TimeCurrentTime, uint32(atoms["XdndActionCopy"])); err != nil {
		return err
	}
	ev, err := next("XdndStatus")
	if err != nil {
		return err
	}
	if status := ev.(xproto.ClientMessageEvent).Data.Data32; status[1]&1 == 0 {
		return fmt.Errorf("the window does not accept the drop (status %v)", status)
	}
	if err := send("XdndDrop", uint32(src), 0, xproto.TimeCurrentTime); err != nil {
		return err
	}
	ev, err = next("SelectionRequest")
	if err != nil {
		return err
	}
	req := ev.(xproto.SelectionRequestEvent)
	if req.Target != atoms["text/uri-list"] {
		return fmt.Errorf("the window asked for type atom %d, not text/uri-list", req.Target)
	}
	data := []byte(list.String())
	if err := xproto.ChangePropertyChecked(X, xproto.PropModeReplace, req.Requestor, req.Property,
		req.Target, 8, uint32(len(data)), data).Check(); err != nil {
		return fmt.Errorf("hand over the paths: %w", err)
	}
	notify := xproto.SelectionNotifyEvent{Time: req.Time, Requestor: req.Requestor,
		Selection: req.Selection, Target: req.Target, Property: req.Property}
	if err := xproto.SendEventChecked(X, false, req.Requestor, xproto.EventMaskNoEvent, string(notify.Bytes())).Check(); err != nil {
		return err
	}
	_, err = next("XdndFinished")
	return err
}
