//! One tolerant pass over a query's tokens, following types from the root down. It checks
//! what it walks (for validation) and, where the text ends, says what could come next (for
//! completion). It does not build a tree: nothing here outlives the keystroke.

use super::lexer::{Tok, Token, tokenize};
use super::schema::{InputValueDef, Schema, TypeDef};
use super::suggest::did_you_mean;
use super::type_ref::TypeRef;
use super::values;
use std::collections::HashMap;
use std::ops::Range;

mod input_values;

/// Nesting deeper than this stops the walk (the parser's own limit is 50).
const MAX_DEPTH: usize = 64;

/// A problem found, by byte range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Problem {
    pub range: Range<usize>,
    pub message: String,
}

/// A variable an operation declares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct VarDef {
    pub name: String,
    pub type_ref: TypeRef,
    pub has_default: bool,
}

/// An operation's name and variables.
#[derive(Clone, Debug, Default)]
pub(super) struct Operation {
    pub name: Option<String>,
    pub vars: Vec<VarDef>,
}

/// What may come where the text ends.
#[derive(Clone, Debug)]
pub(super) enum Context<'s> {
    /// Between definitions: `query`, `fragment`, ...
    TopLevel,
    /// A field of this type (or `...`).
    Fields(&'s TypeDef),
    /// An argument name, with those already given.
    Arguments(&'s [InputValueDef], Vec<String>),
    /// A value of this type (unknown: `None`).
    Value(Option<&'s TypeRef>),
    /// A field of this input object, with those already given.
    ObjectFields(&'s TypeDef, Vec<String>),
    /// A variable name after the `$` at this byte, of a type fitting the place.
    Variable(Option<&'s TypeRef>, usize),
    /// After `...`: a fragment name or `on`, on this type.
    Spread(Option<&'s TypeDef>),
    /// A composite type after `on`, one that applies where this type is selected.
    TypeCondition(Option<&'s TypeDef>),
    /// An input type after `$name:`.
    VariableType,
    /// A directive name after `@`.
    Directive,
    /// Nothing to offer (a new name is being made up).
    Nothing,
}

/// What the walk found.
pub(super) struct Walk<'s> {
    /// Problems, in text order.
    pub problems: Vec<Problem>,
    /// Operations walked to their end.
    pub operations: Vec<Operation>,
    /// What may come at the end of the text; `None` when the walk met bad syntax.
    pub context: Option<Context<'s>>,
    /// The variables of the operation the text ends in.
    pub vars_at_end: Vec<VarDef>,
}

enum Halt<'s> {
    End(Context<'s>),
    Syntax,
}

type Step<'s, T> = Result<T, Halt<'s>>;

/// Walks `text`; `full_text` is where fragment definitions are looked for (the whole
/// document, when `text` is the part before the cursor).
pub(super) fn walk<'s>(schema: &'s Schema, text: &str, full_text: &str, checks: bool) -> Walk<'s> {
    let fragments = fragment_names(full_text);
    let mut w = Walker {
        schema,
        text,
        tokens: tokenize(text),
        pos: 0,
        depth: 0,
        fragments,
        vars: None,
        problems: Vec::new(),
        operations: Vec::new(),
        checks,
    };
    let context = match w.document() {
        Halt::End(c) => Some(c),
        Halt::Syntax => None,
    };
    Walk {
        problems: w.problems,
        operations: w.operations,
        context,
        vars_at_end: w.vars.unwrap_or_default(),
    }
}

/// Names of the fragments defined in the text, with their type conditions.
pub(super) fn fragment_names(text: &str) -> HashMap<String, String> {
    let tokens = tokenize(text);
    let mut names = HashMap::new();
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate() {
        match t.kind {
            Tok::Punct(b'{') => depth += 1,
            Tok::Punct(b'}') => depth = depth.saturating_sub(1),
            Tok::Name if depth == 0 && &text[t.span.clone()] == "fragment" => {
                let word = |k: usize| {
                    tokens
                        .get(i + k)
                        .filter(|t| t.kind == Tok::Name)
                        .map(|t| &text[t.span.clone()])
                };
                if let Some(name) = word(1) {
                    let on = if word(2) == Some("on") { word(3) } else { None };
                    names.insert(name.to_string(), on.unwrap_or_default().to_string());
                }
            }
            _ => {}
        }
    }
    names
}

struct Walker<'s, 't> {
    schema: &'s Schema,
    text: &'t str,
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
    fragments: HashMap<String, String>,
    /// The current operation's variables; `None` inside a fragment (checked where spread).
    vars: Option<Vec<VarDef>>,
    problems: Vec<Problem>,
    operations: Vec<Operation>,
    checks: bool,
}

impl<'s, 't> Walker<'s, 't> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn peek_kind(&self) -> Option<Tok> {
        self.peek().map(|t| t.kind)
    }

    fn word(&self, t: &Token) -> &'t str {
        &self.text[t.span.clone()]
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    /// The next token, which must be there, or the end with this context.
    fn need(&mut self, on_end: Context<'s>) -> Step<'s, Token> {
        self.next().ok_or(Halt::End(on_end))
    }

    fn need_punct(&mut self, c: u8, on_end: Context<'s>) -> Step<'s, Token> {
        let t = self.need(on_end)?;
        if t.kind == Tok::Punct(c) {
            Ok(t)
        } else {
            Err(Halt::Syntax)
        }
    }

    fn need_name(&mut self, on_end: Context<'s>) -> Step<'s, Token> {
        let t = self.need(on_end)?;
        if t.kind == Tok::Name {
            Ok(t)
        } else {
            Err(Halt::Syntax)
        }
    }

    fn report(&mut self, range: Range<usize>, message: impl FnOnce() -> String) {
        if self.checks {
            self.problems.push(Problem {
                range,
                message: message(),
            });
        }
    }

    fn deeper(&mut self) -> Step<'s, ()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            Err(Halt::Syntax)
        } else {
            Ok(())
        }
    }

    fn document(&mut self) -> Halt<'s> {
        loop {
            let step = match self.peek().map(|t| (t.kind, self.word(t))) {
                None => return Halt::End(Context::TopLevel),
                Some((Tok::Name, "fragment")) => self.fragment(),
                Some((Tok::Name, kind @ ("query" | "mutation" | "subscription"))) => {
                    self.operation(kind)
                }
                Some((Tok::Punct(b'{'), _)) => {
                    self.vars = Some(Vec::new());
                    let root = self.schema.query_type();
                    // Halted mid-operation, its variables stay for completion.
                    self.selection_set(root)
                        .map(|()| self.finish_operation(None))
                }
                _ => Err(Halt::Syntax),
            };
            if let Err(halt) = step {
                return halt;
            }
        }
    }

    fn finish_operation(&mut self, name: Option<String>) {
        let vars = self.vars.take().unwrap_or_default();
        self.operations.push(Operation { name, vars });
    }

    fn operation(&mut self, kind: &str) -> Step<'s, ()> {
        let keyword = self.next().ok_or(Halt::Syntax)?;
        self.vars = Some(Vec::new());
        let mut name = None;
        if self.peek_kind() == Some(Tok::Name) {
            name = self.next().map(|t| self.word(&t).to_string());
        }
        if self.peek_kind() == Some(Tok::Punct(b'(')) {
            self.variable_definitions()?;
        }
        self.directives()?;
        let root = match kind {
            "mutation" => self.schema.mutation_type(),
            "subscription" => self.schema.subscription_type(),
            _ => self.schema.query_type(),
        };
        if root.is_none() {
            self.report(keyword.span.clone(), || {
                format!("The server's schema has no {kind} type")
            });
        }
        match self.peek_kind() {
            None => return Err(Halt::End(Context::Nothing)),
            Some(Tok::Punct(b'{')) => {}
            Some(_) => return Err(Halt::Syntax),
        }
        self.selection_set(root)?;
        self.finish_operation(name);
        Ok(())
    }

    fn variable_definitions(&mut self) -> Step<'s, ()> {
        self.next();
        loop {
            let t = self.need(Context::Nothing)?;
            match t.kind {
                Tok::Punct(b')') => return Ok(()),
                Tok::Punct(b'$') => {}
                _ => return Err(Halt::Syntax),
            }
            let name = self.need_name(Context::Nothing)?;
            self.need_punct(b':', Context::Nothing)?;
            let type_ref = self.type_ref()?;
            let named = type_ref.named().to_string();
            let var_name = self.word(&name);
            let range = name.span.start..self.last_end();
            match self.schema.type_named(&named) {
                Some(def) if def.kind.is_input() => {}
                Some(_) => self.report(range, || {
                    format!(
                        "Variable \"${var_name}\" cannot have type {named}: it is not an input type"
                    )
                }),
                None => self.report(range, || {
                    format!("Unknown type {named} of variable \"${var_name}\"")
                }),
            }
            let mut has_default = false;
            if self.peek_kind() == Some(Tok::Punct(b'=')) {
                self.next();
                has_default = true;
                // A one-token default is checked against the declared type; lists and
                // objects are only walked (the declared type is not the schema's to borrow).
                let default = self.peek().cloned();
                if let Some(t) = default
                    && matches!(t.kind, Tok::Name | Tok::Int | Tok::Float | Tok::Str)
                    && let Some(problem) =
                        values::check_literal(self.schema, t.kind, self.word(&t), &type_ref)
                {
                    let var_name = self.word(&name);
                    self.report(t.span.clone(), || {
                        format!("Wrong default for variable \"${var_name}\": {problem}")
                    });
                }
                self.value(None, "a variable's default")?;
            }
            self.directives()?;
            let var = VarDef {
                name: self.word(&name).to_string(),
                type_ref,
                has_default,
            };
            if let Some(vars) = self.vars.as_mut() {
                vars.push(var);
            }
        }
    }

    fn last_end(&self) -> usize {
        self.pos
            .checked_sub(1)
            .and_then(|i| self.tokens.get(i))
            .map_or(0, |t| t.span.end)
    }

    fn type_ref(&mut self) -> Step<'s, TypeRef> {
        self.deeper()?;
        let t = self.need(Context::VariableType)?;
        let inner = match t.kind {
            Tok::Name => TypeRef::Named(self.word(&t).to_string()),
            Tok::Punct(b'[') => {
                let item = self.type_ref()?;
                self.need_punct(b']', Context::Nothing)?;
                TypeRef::List(Box::new(item))
            }
            _ => return Err(Halt::Syntax),
        };
        self.depth -= 1;
        if self.peek_kind() == Some(Tok::Punct(b'!')) {
            self.next();
            return Ok(TypeRef::NonNull(Box::new(inner)));
        }
        Ok(inner)
    }

    fn fragment(&mut self) -> Step<'s, ()> {
        self.next();
        // A fragment's variables come from the operations spreading it; it is checked
        // against those of the operations above it (none above: not checked).
        self.vars = if self.operations.is_empty() {
            None
        } else {
            let mut vars: Vec<VarDef> = Vec::new();
            for var in self.operations.iter().flat_map(|o| &o.vars) {
                if !vars.iter().any(|v| v.name == var.name) {
                    vars.push(var.clone());
                }
            }
            Some(vars)
        };
        self.need_name(Context::Nothing)?;
        let on = self.need_name(Context::Nothing)?;
        if self.word(&on) != "on" {
            return Err(Halt::Syntax);
        }
        let on_type = self.type_condition(None)?;
        self.directives()?;
        match self.peek_kind() {
            None => Err(Halt::End(Context::Nothing)),
            Some(Tok::Punct(b'{')) => self.selection_set(on_type),
            Some(_) => Err(Halt::Syntax),
        }
    }

    /// The type after `on`, reported when unknown.
    fn type_condition(&mut self, parent: Option<&'s TypeDef>) -> Step<'s, Option<&'s TypeDef>> {
        let t = self.need_name(Context::TypeCondition(parent))?;
        let name = self.word(&t);
        let def = self.schema.type_named(name);
        match def {
            Some(d) if d.kind.is_composite() => {}
            Some(_) => self.report(t.span.clone(), || {
                format!("Fragment cannot be on {name}: it is not an object, interface or union")
            }),
            None => self.report(t.span.clone(), || format!("Unknown type {name}")),
        }
        Ok(def.filter(|d| d.kind.is_composite()))
    }

    fn selection_set(&mut self, on: Option<&'s TypeDef>) -> Step<'s, ()> {
        self.deeper()?;
        self.next();
        loop {
            let t = match self.peek() {
                None => {
                    return Err(Halt::End(on.map_or(Context::Nothing, Context::Fields)));
                }
                Some(t) => t.clone(),
            };
            match t.kind {
                Tok::Punct(b'}') => {
                    self.next();
                    self.depth -= 1;
                    return Ok(());
                }
                Tok::Spread => self.spread(on)?,
                Tok::Name => self.field(on)?,
                _ => return Err(Halt::Syntax),
            }
        }
    }

    fn spread(&mut self, on: Option<&'s TypeDef>) -> Step<'s, ()> {
        self.next();
        let t = match self.peek() {
            None => return Err(Halt::End(Context::Spread(on))),
            Some(t) => t.clone(),
        };
        match t.kind {
            Tok::Name if self.word(&t) == "on" => {
                self.next();
                let inner = self.type_condition(on)?;
                self.directives()?;
                match self.peek_kind() {
                    None => Err(Halt::End(Context::Nothing)),
                    Some(Tok::Punct(b'{')) => self.selection_set(inner),
                    Some(_) => Err(Halt::Syntax),
                }
            }
            Tok::Name => {
                self.next();
                let name = self.word(&t);
                if !self.fragments.contains_key(name) {
                    let known: Vec<&str> = self.fragments.keys().map(String::as_str).collect();
                    let hint = did_you_mean(name, known.into_iter());
                    self.report(t.span.clone(), || {
                        format!("Unknown fragment \"{name}\"{hint}")
                    });
                }
                self.directives()
            }
            Tok::Punct(b'{' | b'@') => {
                self.directives()?;
                match self.peek_kind() {
                    None => Err(Halt::End(Context::Nothing)),
                    Some(Tok::Punct(b'{')) => self.selection_set(on),
                    Some(_) => Err(Halt::Syntax),
                }
            }
            _ => Err(Halt::Syntax),
        }
    }

    fn field(&mut self, parent: Option<&'s TypeDef>) -> Step<'s, ()> {
        let mut name_tok = self.next().ok_or(Halt::Syntax)?;
        if self.peek_kind() == Some(Tok::Punct(b':')) {
            self.next();
            name_tok = self.need_name(parent.map_or(Context::Nothing, Context::Fields))?;
        }
        let name = self.word(&name_tok);
        let def = parent.and_then(|p| self.field_def(p, name, &name_tok));
        let args: &'s [InputValueDef] = def.map_or(&[], |(_, args)| args);
        let mut given = Vec::new();
        if self.peek_kind() == Some(Tok::Punct(b'(')) {
            given = self.arguments(def.map(|_| args), &format!("field \"{name}\""))?;
        }
        if def.is_some() {
            self.missing_arguments(args, &given, &name_tok, &format!("field \"{name}\""));
        }
        self.directives()?;
        let field_type = def.and_then(|(t, _)| self.schema.type_named(t.named()));
        let composite = field_type.is_some_and(|t| t.kind.is_composite());
        if self.peek_kind() == Some(Tok::Punct(b'{')) {
            if let (Some((t, _)), false) = (def, composite) {
                self.report(name_tok.span.clone(), || {
                    format!(
                        "Field \"{name}\" is a {} and has no fields to select",
                        t.display()
                    )
                });
            }
            return self.selection_set(field_type.filter(|t| t.kind.is_composite()));
        }
        if let (Some((t, _)), true, true) = (def, composite, self.pos < self.tokens.len()) {
            self.report(name_tok.span.clone(), || {
                format!(
                    "Field \"{name}\" of type {} needs a selection of its fields {{ … }}",
                    t.display()
                )
            });
        }
        Ok(())
    }

    /// The field's type and arguments, reported when the type has no such field.
    fn field_def(
        &mut self,
        parent: &'s TypeDef,
        name: &str,
        tok: &Token,
    ) -> Option<(&'s TypeRef, &'s [InputValueDef])> {
        static TYPENAME: std::sync::LazyLock<TypeRef> = std::sync::LazyLock::new(|| {
            TypeRef::NonNull(Box::new(TypeRef::Named("String".into())))
        });
        if name == "__typename" {
            return Some((&TYPENAME, &[]));
        }
        if let Some(f) = parent.field(name) {
            return Some((&f.type_ref, &f.args));
        }
        let is_root = self
            .schema
            .query_type()
            .is_some_and(|q| std::ptr::eq(q, parent));
        if is_root && matches!(name, "__schema" | "__type") {
            return None;
        }
        let hint = did_you_mean(name, parent.fields.iter().map(|f| f.name.as_str()));
        self.report(tok.span.clone(), || {
            format!("Unknown field \"{name}\" on {}{hint}", parent.name)
        });
        None
    }

    fn missing_arguments(
        &mut self,
        args: &[InputValueDef],
        given: &[String],
        at: &Token,
        what: &str,
    ) {
        for arg in args.iter().filter(|a| a.is_required()) {
            if !given.contains(&arg.name) {
                self.report(at.span.clone(), || {
                    format!(
                        "Missing required argument \"{}\" ({}) of {what}",
                        arg.name,
                        arg.type_ref.display()
                    )
                });
            }
        }
    }

    /// `( name: value … )`; `defs` is `None` when the field is unknown (nothing to check).
    fn arguments(
        &mut self,
        defs: Option<&'s [InputValueDef]>,
        what: &str,
    ) -> Step<'s, Vec<String>> {
        self.next();
        let mut given = Vec::new();
        loop {
            let t = self.need(Context::Arguments(defs.unwrap_or(&[]), given.clone()))?;
            match t.kind {
                Tok::Punct(b')') => return Ok(given),
                Tok::Name => {}
                _ => return Err(Halt::Syntax),
            }
            let name = self.word(&t);
            let def = defs.and_then(|d| d.iter().find(|a| a.name == name));
            if let (Some(defs), None) = (defs, def) {
                let hint = did_you_mean(name, defs.iter().map(|a| a.name.as_str()));
                self.report(t.span.clone(), || {
                    format!("Unknown argument \"{name}\" on {what}{hint}")
                });
            }
            self.need_punct(b':', Context::Nothing)?;
            let place = format!("argument \"{name}\" of {what}");
            let has_default = def.is_some_and(|d| d.default_value.is_some());
            self.value_at(def.map(|d| &d.type_ref), has_default, &place)?;
            given.push(name.to_string());
        }
    }

    fn directives(&mut self) -> Step<'s, ()> {
        while self.peek_kind() == Some(Tok::Punct(b'@')) {
            self.next();
            let t = self.need_name(Context::Directive)?;
            let name = self.word(&t);
            let def = self.schema.directive(name);
            if def.is_none() && !self.schema.directives().is_empty() {
                self.report(t.span.clone(), || format!("Unknown directive \"@{name}\""));
            }
            if self.peek_kind() == Some(Tok::Punct(b'(')) {
                let what = format!("directive \"@{name}\"");
                let given = self.arguments(def.map(|d| d.args.as_slice()), &what)?;
                if let Some(d) = def {
                    self.missing_arguments(&d.args, &given, &t, &what);
                }
            }
        }
        Ok(())
    }
}
