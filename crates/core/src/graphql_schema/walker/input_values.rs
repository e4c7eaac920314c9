//! The walk through argument values: literals, lists, input objects and variables, each
//! checked against the type its place expects.

use super::super::lexer::{Tok, Token};
use super::super::schema::TypeKind;
use super::super::suggest::did_you_mean;
use super::super::type_ref::{TypeRef, variable_fits};
use super::super::values;
use super::{Context, Halt, Step, Walker};

impl<'s> Walker<'s, '_> {
    pub(super) fn value(&mut self, expected: Option<&'s TypeRef>, place: &str) -> Step<'s, ()> {
        self.value_at(expected, false, place)
    }

    /// A value where `expected` goes; `has_default` is whether that place has a default
    /// (then a nullable variable may fill a non-null place).
    pub(super) fn value_at(
        &mut self,
        expected: Option<&'s TypeRef>,
        has_default: bool,
        place: &str,
    ) -> Step<'s, ()> {
        self.deeper()?;
        let t = self.need(Context::Value(expected))?;
        match t.kind {
            Tok::Punct(b'$') => self.variable_use(&t, expected, has_default, place)?,
            Tok::Punct(b'[') => {
                let item = match expected {
                    Some(e) => match e.list_item() {
                        Some(item) => Some(item),
                        None => {
                            self.report(t.span.clone(), || {
                                format!(
                                    "Wrong value for {place}: {} expected, got a list",
                                    e.display()
                                )
                            });
                            None
                        }
                    },
                    None => None,
                };
                loop {
                    match self.peek_kind() {
                        None => return Err(Halt::End(Context::Value(item))),
                        Some(Tok::Punct(b']')) => {
                            self.next();
                            break;
                        }
                        Some(_) => self.value(item, place)?,
                    }
                }
            }
            Tok::Punct(b'{') => self.object_value(&t, expected, place)?,
            Tok::Name | Tok::Int | Tok::Float | Tok::Str => {
                if let Some(e) = expected {
                    let literal = self.word(&t);
                    if let Some(problem) = values::check_literal(self.schema, t.kind, literal, e) {
                        self.report(t.span.clone(), || {
                            format!("Wrong value for {place}: {problem}")
                        });
                    }
                }
            }
            _ => return Err(Halt::Syntax),
        }
        self.depth -= 1;
        Ok(())
    }

    fn variable_use(
        &mut self,
        dollar: &Token,
        expected: Option<&'s TypeRef>,
        has_default: bool,
        place: &str,
    ) -> Step<'s, ()> {
        let t = self.need_name(Context::Variable(expected, dollar.span.start))?;
        let name = self.word(&t);
        let range = dollar.span.start..t.span.end;
        let Some(vars) = self.vars.as_ref() else {
            return Ok(());
        };
        match vars.iter().find(|v| v.name == name) {
            None => {
                let dollar_names: Vec<String> =
                    vars.iter().map(|v| format!("${}", v.name)).collect();
                let hint =
                    did_you_mean(&format!("${name}"), dollar_names.iter().map(String::as_str));
                self.report(range, || format!("Undefined variable \"${name}\"{hint}"));
            }
            Some(var) => {
                if let Some(e) = expected
                    && !variable_fits(&var.type_ref, var.has_default, e, has_default)
                {
                    let declared = var.type_ref.display();
                    self.report(range, || {
                        format!(
                            "Variable \"${name}\" of type {declared} cannot be used for {place}, which expects {}",
                            e.display()
                        )
                    });
                }
            }
        }
        Ok(())
    }

    fn object_value(
        &mut self,
        open: &Token,
        expected: Option<&'s TypeRef>,
        place: &str,
    ) -> Step<'s, ()> {
        let input = match expected {
            None => None,
            Some(e) => {
                let item = e.nullable();
                let item = item.list_item().unwrap_or(item);
                match self.schema.type_named(item.named()) {
                    Some(def)
                        if def.kind == TypeKind::InputObject
                            && matches!(item.nullable(), TypeRef::Named(_)) =>
                    {
                        Some(def)
                    }
                    _ => {
                        self.report(open.span.clone(), || {
                            format!(
                                "Wrong value for {place}: {} expected, got an object",
                                e.display()
                            )
                        });
                        None
                    }
                }
            }
        };
        let mut given: Vec<String> = Vec::new();
        loop {
            let on_end = input.map_or(Context::Nothing, |d| {
                Context::ObjectFields(d, given.clone())
            });
            let t = self.need(on_end)?;
            match t.kind {
                Tok::Punct(b'}') => break,
                Tok::Name => {}
                _ => return Err(Halt::Syntax),
            }
            let name = self.word(&t);
            let def = input.and_then(|d| d.input_field(name));
            if let (Some(input), None) = (input, def) {
                let hint = did_you_mean(name, input.input_fields.iter().map(|f| f.name.as_str()));
                self.report(t.span.clone(), || {
                    format!("Unknown field \"{name}\" in {}{hint}", input.name)
                });
            }
            self.need_punct(b':', Context::Nothing)?;
            let has_default = def.is_some_and(|d| d.default_value.is_some());
            self.value_at(
                def.map(|d| &d.type_ref),
                has_default,
                &format!("field \"{name}\" of {place}"),
            )?;
            given.push(name.to_string());
        }
        if let Some(input) = input {
            for f in input.input_fields.iter().filter(|f| f.is_required()) {
                if !given.contains(&f.name) {
                    self.report(open.span.clone(), || {
                        format!(
                            "Missing required field \"{}\" ({}) of {} in {place}",
                            f.name,
                            f.type_ref.display(),
                            input.name
                        )
                    });
                }
            }
        }
        Ok(())
    }
}
