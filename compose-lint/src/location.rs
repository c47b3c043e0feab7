//! Symbolic locations: what rules point at. The engine turns them into byte
//! spans after the rule has run, so rules name a place in the configuration
//! ("service `web`, key `image`") and never compute offsets themselves.

use std::ops::Range;

use crate::source::Span;

/// Which loaded file of a project a location is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub(crate) usize);

impl FileId {
    pub fn index(self) -> usize {
        self.0
    }
}

/// Which part of a node a location means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// The key that holds the value (the value itself when it has no key,
    /// such as a list item).
    Key,
    /// The whole value.
    Value,
    /// A byte range inside the value as written, counted from the start of
    /// the value's span (so a quoted scalar's opening quote is byte 0).
    Sub(Range<usize>),
}

/// A place in a project's files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// A node named by its JSON pointer in the file's converted document.
    Node {
        file: FileId,
        pointer: String,
        part: Part,
    },
    /// A raw byte span, for problems found before there is a document.
    Span { file: FileId, span: Span },
    /// A node of the resolved project (after interpolation and merging),
    /// named by its JSON pointer; it resolves to the file that wrote it.
    Model { pointer: String, part: Part },
    /// A file that was not read (one resolving outside the project root),
    /// named by its path: the diagnostic has no line to show.
    Unread { path: std::path::PathBuf },
}

impl Location {
    pub fn value(file: FileId, pointer: impl Into<String>) -> Self {
        Self::Node {
            file,
            pointer: pointer.into(),
            part: Part::Value,
        }
    }

    pub fn key(file: FileId, pointer: impl Into<String>) -> Self {
        Self::Node {
            file,
            pointer: pointer.into(),
            part: Part::Key,
        }
    }

    pub fn sub(file: FileId, pointer: impl Into<String>, range: Range<usize>) -> Self {
        Self::Node {
            file,
            pointer: pointer.into(),
            part: Part::Sub(range),
        }
    }

    pub fn span(file: FileId, span: Span) -> Self {
        Self::Span { file, span }
    }

    /// A node of the resolved project.
    pub fn model(pointer: impl Into<String>, part: Part) -> Self {
        Self::Model {
            pointer: pointer.into(),
            part,
        }
    }

    /// The file of a location in one file; `None` for a model location,
    /// whose file is known once it is resolved.
    pub fn file(&self) -> Option<FileId> {
        match self {
            Self::Node { file, .. } | Self::Span { file, .. } => Some(*file),
            Self::Model { .. } | Self::Unread { .. } => None,
        }
    }
}
