package app

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"

	"alama/annotate"
	"alama/annotate/format"
	"alama/assets"
)

// Opened is an open project that says whether opening it created it.
type Opened interface {
	annotate.Project
	// Created reports whether the project file was created (or found
	// empty) by the opening, so that it can be seeded.
	Created() bool
}

// Open opens the project at path with open, or the default project (see
// DefaultProjectPath) when path is empty. A project file that does not
// exist is created, with its folder, when create is set, and always for
// the default project. A newly created project is seeded with the sample
// articles when seedNew is set, and always for the default project; the
// schema is whatever open gives a new project (the store's is
// annotate.DefaultSchema).
func Open[P Opened](path string, create, seedNew bool, open func(path string) (P, error)) (P, error) {
	var none P
	if path == "" {
		var err error
		if path, err = DefaultProjectPath(); err != nil {
			return none, err
		}
		create, seedNew = true, true
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		if !create {
			return none, fmt.Errorf("project %s does not exist", path)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return none, fmt.Errorf("create project folder: %w", err)
		}
	}
	p, err := open(path)
	if err != nil {
		return none, err
	}
	if p.Created() && seedNew {
		if err := Seed(p, assets.Samples); err != nil {
			// Remove the half-made project, so the next run seeds it again.
			_ = p.Close()
			_ = os.Remove(path)
			return none, fmt.Errorf("add the sample articles to %s: %w", path, err)
		}
	}
	return p, nil
}

// DefaultProjectPath returns where the default project lives:
// $XDG_DATA_HOME/alama (or ~/.local/share/alama) on Linux and BSD,
// ~/Library/Application Support/alama on macOS, %AppData%\alama on Windows.
func DefaultProjectPath() (string, error) {
	const name = "default.alama"
	switch runtime.GOOS {
	case "windows":
		dir, err := os.UserConfigDir()
		if err != nil {
			return "", fmt.Errorf("find the default project: %w", err)
		}
		return filepath.Join(dir, "alama", name), nil
	case "darwin", "ios":
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("find the default project: %w", err)
		}
		return filepath.Join(home, "Library", "Application Support", "alama", name), nil
	}
	if dir := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(dir) {
		return filepath.Join(dir, "alama", name), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("find the default project: %w", err)
	}
	return filepath.Join(home, ".local", "share", "alama", name), nil
}

// Seed imports the sample articles samples/*.txt of fsys into p, in name
// order, read like any imported .txt file, in one transaction.
func Seed(p annotate.Project, fsys fs.FS) error {
	names, err := fs.Glob(fsys, "samples/*.txt")
	if err != nil {
		return err
	}
	slices.Sort(names)
	docs := make([]*annotate.Document, 0, len(names))
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		d, err := format.ReadText(name, data)
		if err != nil {
			return err
		}
		docs = append(docs, d)
	}
	_, err = p.Import(docs)
	return err
}
