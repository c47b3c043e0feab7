//! A YAML tree with byte spans, built from saphyr-parser's events.
//!
//! Anchored nodes are shared through [`Arc`], so an alias costs one pointer
//! however large its target is: expanding aliases is left to the JSON
//! conversion, which enforces a node budget.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use compact_str::CompactString;
use saphyr_parser::{Event, Parser, ScalarStyle as ParserStyle, Tag as ParserTag};

use super::{YamlProblem, flow_indent};
use crate::source::Span;

/// Deeper nesting than this is refused: no real configuration needs it, and
/// every later pass over the tree recurses.
pub const MAX_DEPTH: usize = 128;

/// How a scalar was written; quoted and block scalars are always strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

impl ScalarStyle {
    pub fn is_plain(self) -> bool {
        self == Self::Plain
    }
}

#[derive(Clone, Debug)]
pub struct Scalar {
    /// The scalar's value after unescaping and line folding. Most scalars
    /// of a compose file are short: up to 24 bytes are held inline, with
    /// no allocation of their own.
    pub text: CompactString,
    pub style: ScalarStyle,
}

#[derive(Clone, Debug)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

#[derive(Clone, Debug)]
pub enum NodeKind {
    Scalar(Scalar),
    Sequence(Vec<Node>),
    Mapping(Vec<Entry>),
    /// The place an anchored node (`&name`) is written.
    Anchor(Arc<Node>),
    /// A use of an anchored node (`*name`).
    Alias(Arc<Node>),
}

#[derive(Clone, Debug)]
pub struct Node {
    /// The node's bytes, including its anchor, tag and quotes.
    pub span: Span,
    /// The tag in short form: `!!str`, `!reset`, `!override`…
    pub tag: Option<Box<str>>,
    pub kind: NodeKind,
}

impl Node {
    /// The node an anchor or alias stands for; other nodes are themselves.
    pub fn target(&self) -> &Node {
        let mut node = self;
        while let NodeKind::Anchor(inner) | NodeKind::Alias(inner) = &node.kind {
            node = inner;
        }
        node
    }

    /// The scalar text, if this node (or what it stands for) is a scalar.
    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.target().kind {
            NodeKind::Scalar(scalar) => Some(scalar),
            _ => None,
        }
    }

    pub fn as_mapping(&self) -> Option<&[Entry]> {
        match &self.target().kind {
            NodeKind::Mapping(entries) => Some(entries),
            _ => None,
        }
    }

    /// A plain `<<`: the YAML merge key.
    pub fn is_merge_key(&self) -> bool {
        matches!(&self.kind, NodeKind::Scalar(s) if s.style.is_plain() && s.text == "<<")
            || self.tag.as_deref() == Some("!!merge")
    }

    /// A short name for the node's kind, for messages.
    pub fn kind_name(&self) -> &'static str {
        match &self.target().kind {
            NodeKind::Scalar(_) => "a scalar",
            NodeKind::Sequence(_) => "a sequence",
            NodeKind::Mapping(_) => "a mapping",
            NodeKind::Anchor(_) | NodeKind::Alias(_) => "an alias",
        }
    }
}

/// One YAML document of a file.
#[derive(Clone, Debug)]
pub struct Document {
    pub root: Node,
}

pub(crate) struct Built {
    pub documents: Vec<Document>,
    pub node_count: usize,
    /// Problems that do not stop the build, such as duplicate keys.
    pub problems: Vec<YamlProblem>,
}

/// Builds the documents of `text`, or reports the problem that stopped it.
pub(crate) fn build(text: &str, problems: &mut Vec<YamlProblem>) -> Option<Built> {
    let failure = match build_from(text, text, &|offset| offset) {
        Ok(mut built) => {
            problems.append(&mut built.problems);
            return Some(built);
        }
        Err(failure) => failure,
    };
    let indentation = matches!(&failure, YamlProblem::Syntax { message, .. }
        if message.starts_with("invalid indentation"));
    if indentation && let Some(copy) = flow_indent::reindent_flow_lines(text) {
        match build_from(text, &copy.text, &|offset| copy.original_offset(offset)) {
            Ok(mut built) => {
                problems.append(&mut built.problems);
                return Some(built);
            }
            // The retry got past the flow collections: its error is the
            // real one when it is further into the file.
            Err(later) if problem_start(&later) > problem_start(&failure) => {
                problems.push(later);
                return None;
            }
            Err(_) => {}
        }
    }
    problems.push(failure);
    None
}

fn problem_start(problem: &YamlProblem) -> usize {
    match problem {
        YamlProblem::Syntax { span, .. }
        | YamlProblem::AliasExpansionLimit { span, .. }
        | YamlProblem::Encoding { span, .. } => span.start,
        YamlProblem::DuplicateKey { second, .. } => second.start,
    }
}

/// Builds from `parsed`, a text whose byte offsets `to_original` maps back
/// into `original` (the same text, unless it was re-indented).
fn build_from(
    original: &str,
    parsed: &str,
    to_original: &dyn Fn(usize) -> usize,
) -> Result<Built, YamlProblem> {
    let mut builder = Builder::new(parsed);
    for event in Parser::new_from_str(parsed) {
        let (event, span) = match event {
            Ok(event) => event,
            Err(error) => {
                let offset = to_original(builder.offsets.byte(error.marker().index()));
                return Err(scan_problem(original, offset, error.info()));
            }
        };
        let mut span = Span::new(
            to_original(builder.offsets.byte(span.start.index())),
            to_original(builder.offsets.byte(span.end.index())),
        );
        if let Event::Scalar(
            _,
            style @ (ParserStyle::SingleQuoted | ParserStyle::DoubleQuoted),
            ..,
        ) = &event
        {
            // The event also covers the spaces and comment after the
            // closing quote; the scalar ends at that quote.
            if let Some(end) = closing_quote(original, span, *style == ParserStyle::DoubleQuoted) {
                span.end = end;
            }
        }
        builder.event(event, span)?;
    }
    Ok(Built {
        documents: builder.documents,
        node_count: builder.node_count,
        problems: builder.problems,
    })
}

/// The offset just after the quote that closes the quoted scalar starting
/// at `span.start`, within `span`.
fn closing_quote(text: &str, span: Span, double: bool) -> Option<usize> {
    let body = text.get(span.start..span.end)?;
    let quote = if double { '"' } else { '\'' };
    let mut chars = body.char_indices().skip_while(|(_, c)| *c != quote);
    chars.next()?;
    while let Some((i, c)) = chars.next() {
        if double && c == '\\' {
            chars.next();
        } else if c == quote {
            if !double && body[i + 1..].starts_with('\'') {
                chars.next();
            } else {
                return Some(span.start + i + 1);
            }
        }
    }
    None
}

/// A syntax error, shown on the character it names (nothing at the end of
/// the text), with the parser's message made specific where it is vague.
fn scan_problem(text: &str, offset: usize, info: &str) -> YamlProblem {
    // At the end of the text, show the error after the last thing written
    // rather than on an empty line past it.
    let mut offset = offset.min(text.trim_end().len());
    if info.contains("tabs") {
        // The parser stops after the indentation; the tab is what is wrong.
        let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        if let Some(tab) = text[line_start..offset].find('\t') {
            offset = line_start + tab;
        }
    } else if info.contains("found a tab") {
        // Reported where the scalar before it starts: the tab comes after.
        if let Some(tab) = text[offset..].find('\t') {
            offset += tab;
        }
    }
    let found = text[offset..].chars().next();
    let span = Span::new(offset, offset + found.map_or(0, char::len_utf8));
    let message = match (info, found) {
        ("found unprintable character", Some(c)) => format!(
            "control character U+{:04X} is not allowed in YAML{}",
            u32::from(c),
            if c == '\0' {
                " (is this a binary file?)"
            } else {
                ""
            }
        ),
        ("while parsing node, found unknown anchor", _) => {
            "alias refers to an anchor that is not defined before it".to_string()
        }
        ("recursion limit exceeded", _) => {
            "nesting is too deep (the parser stops at 255 levels of flow collections)".to_string()
        }
        _ => info.to_string(),
    };
    let help = if info.contains("tabs") || info.contains("found a tab") {
        Some("indent with spaces: YAML does not allow tabs in indentation")
    } else if info.contains("quoted scalar") {
        Some("close the quote on the line where the value ends")
    } else {
        None
    };
    YamlProblem::Syntax {
        span,
        message,
        help,
    }
}

enum Frame {
    Sequence {
        start: Span,
        tag: Option<Box<str>>,
        anchor: usize,
        /// Where its items start in `Builder::items`.
        items: usize,
    },
    Mapping {
        start: Span,
        tag: Option<Box<str>>,
        anchor: usize,
        /// Where its entries start in `Builder::entries`.
        entries: usize,
        key: Option<Node>,
    },
}

struct Builder<'t> {
    offsets: CharOffsets<'t>,
    stack: Vec<Frame>,
    /// The items of the open sequences, innermost last: each is moved into
    /// a list of its exact length when its sequence closes.
    items: Vec<Node>,
    /// The same for the entries of the open mappings.
    entries: Vec<Entry>,
    anchors: HashMap<usize, Arc<Node>>,
    documents: Vec<Document>,
    problems: Vec<YamlProblem>,
    node_count: usize,
}

impl<'t> Builder<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            offsets: CharOffsets::new(text),
            stack: Vec::new(),
            items: Vec::new(),
            entries: Vec::new(),
            anchors: HashMap::new(),
            documents: Vec::new(),
            problems: Vec::new(),
            node_count: 0,
        }
    }

    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), YamlProblem> {
        match event {
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart(_)
            | Event::DocumentEnd => {}
            Event::Scalar(text, style, anchor, tag) => {
                // The tree lives as long as the project: a short text moves
                // inline and the parser's buffer, with its spare capacity,
                // is freed.
                let text = CompactString::from(text);
                let node = Node {
                    span,
                    tag: short_tag(tag),
                    kind: NodeKind::Scalar(Scalar {
                        text,
                        style: convert_style(style),
                    }),
                };
                self.complete(node, anchor);
            }
            Event::Alias(id) => {
                let node = match self.anchors.get(&id) {
                    Some(target) => Node {
                        span,
                        tag: None,
                        kind: NodeKind::Alias(Arc::clone(target)),
                    },
                    None => {
                        self.problems.push(YamlProblem::Syntax {
                            span,
                            message: "alias refers to the node it is part of: a recursive alias \
                                      can never be expanded"
                                .to_string(),
                            help: Some(
                                "an anchor's own content cannot use its alias; move the alias \
                                 out of the anchored node",
                            ),
                        });
                        null_node(span)
                    }
                };
                self.complete(node, 0);
            }
            Event::SequenceStart(anchor, tag) => {
                self.open(span)?;
                self.stack.push(Frame::Sequence {
                    start: span,
                    tag: short_tag(tag),
                    anchor,
                    items: self.items.len(),
                });
            }
            Event::MappingStart(anchor, tag) => {
                self.open(span)?;
                self.stack.push(Frame::Mapping {
                    start: span,
                    tag: short_tag(tag),
                    anchor,
                    entries: self.entries.len(),
                    key: None,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => self.close(span),
        }
        Ok(())
    }

    fn open(&self, span: Span) -> Result<(), YamlProblem> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(YamlProblem::Syntax {
                span: Span::new(span.start, span.start + 1),
                message: format!("nesting is deeper than {MAX_DEPTH} levels"),
                help: None,
            });
        }
        Ok(())
    }

    fn close(&mut self, end: Span) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let (node, anchor) = match frame {
            Frame::Sequence {
                start,
                tag,
                anchor,
                items,
            } => {
                let items: Vec<Node> = self.items.drain(items..).collect();
                let span = Self::collection_span(start, end, items.last().map(|n| n.span));
                let kind = NodeKind::Sequence(items);
                (Node { span, tag, kind }, anchor)
            }
            Frame::Mapping {
                start,
                tag,
                anchor,
                entries,
                key,
            } => {
                let mut entries: Vec<Entry> = self.entries.drain(entries..).collect();
                if let Some(key) = key {
                    // A key whose value never came: only possible after an
                    // error the parser already reported; keep the key visible.
                    let value = null_node(Span::at(key.span.end));
                    entries.push(Entry { key, value });
                }
                self.check_duplicate_keys(&entries);
                let last = entries.last().map(|e| e.value.span);
                let span = Self::collection_span(start, end, last);
                let kind = NodeKind::Mapping(entries);
                (Node { span, tag, kind }, anchor)
            }
        };
        self.complete(node, anchor);
    }

    /// Flow collections end at their closing bracket, where their end event
    /// starts (the event itself also covers the spaces and comment after
    /// the bracket); block collections end with their last child (their end
    /// event is an empty marker on the next token).
    fn collection_span(start: Span, end: Span, last_child: Option<Span>) -> Span {
        let stop = if end.is_empty() {
            last_child.map_or(start.end, |child| child.end)
        } else {
            // `]` and `}` are one byte.
            end.start + 1
        };
        Span::new(start.start, stop.max(start.start))
    }

    fn check_duplicate_keys(&mut self, entries: &[Entry]) {
        if entries.len() < 2 {
            return;
        }
        let mut seen: HashMap<&str, Span, foldhash::fast::RandomState> =
            HashMap::with_capacity_and_hasher(entries.len(), Default::default());
        for entry in entries {
            let Some(scalar) = entry.key.as_scalar() else {
                continue;
            };
            match seen.get(scalar.text.as_str()) {
                Some(first) => self.problems.push(YamlProblem::DuplicateKey {
                    key: scalar.text.to_string(),
                    first: *first,
                    second: entry.key.span,
                }),
                None => {
                    seen.insert(&scalar.text, entry.key.span);
                }
            }
        }
    }

    fn complete(&mut self, node: Node, anchor: usize) {
        self.node_count += 1;
        let node = if anchor == 0 {
            node
        } else {
            let shared = Arc::new(node);
            self.anchors.insert(anchor, Arc::clone(&shared));
            Node {
                span: shared.span,
                tag: None,
                kind: NodeKind::Anchor(shared),
            }
        };
        match self.stack.last_mut() {
            Some(Frame::Sequence { .. }) => self.items.push(node),
            Some(Frame::Mapping { key, .. }) => match key.take() {
                Some(k) => self.entries.push(Entry {
                    key: k,
                    value: node,
                }),
                None => *key = Some(node),
            },
            None => self.documents.push(Document { root: node }),
        }
    }
}

fn null_node(span: Span) -> Node {
    Node {
        span,
        tag: None,
        kind: NodeKind::Scalar(Scalar {
            text: CompactString::default(),
            style: ScalarStyle::Plain,
        }),
    }
}

fn convert_style(style: ParserStyle) -> ScalarStyle {
    match style {
        ParserStyle::Plain => ScalarStyle::Plain,
        ParserStyle::SingleQuoted => ScalarStyle::SingleQuoted,
        ParserStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
        ParserStyle::Literal => ScalarStyle::Literal,
        ParserStyle::Folded => ScalarStyle::Folded,
    }
}

fn short_tag(tag: Option<Cow<'_, ParserTag>>) -> Option<Box<str>> {
    let tag = tag?;
    let text = if tag.handle == "tag:yaml.org,2002:" {
        format!("!!{}", tag.suffix)
    } else {
        format!("{}{}", tag.handle, tag.suffix)
    };
    Some(text.into_boxed_str())
}

/// Converts the parser's character indices to byte offsets.
///
/// Markers arrive almost in order, so walking from the previous position
/// costs amortised O(1) per marker; ASCII text needs no walking at all.
struct CharOffsets<'t> {
    text: &'t str,
    ascii: bool,
    char_index: usize,
    byte_offset: usize,
}

impl<'t> CharOffsets<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            text,
            ascii: text.is_ascii(),
            char_index: 0,
            byte_offset: 0,
        }
    }

    fn byte(&mut self, char_index: usize) -> usize {
        if self.ascii {
            return char_index.min(self.text.len());
        }
        while self.char_index < char_index {
            match self.text[self.byte_offset..].chars().next() {
                Some(c) => {
                    self.byte_offset += c.len_utf8();
                    self.char_index += 1;
                }
                None => return self.byte_offset,
            }
        }
        while self.char_index > char_index {
            match self.text[..self.byte_offset].chars().next_back() {
                Some(c) => {
                    self.byte_offset -= c.len_utf8();
                    self.char_index -= 1;
                }
                None => break,
            }
        }
        self.byte_offset
    }
}
