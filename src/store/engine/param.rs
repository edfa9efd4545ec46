//! A value handed to a query, the same for both engines: the Rust type
//! says what SQL type it is, also when it is `None`, so PostgreSQL is
//! told every parameter's type and never has to guess one from `?1 IS
//! NULL`.

use postgres::types::{IsNull, ToSql, Type, to_sql_checked};
use rusqlite::types::{ToSqlOutput, ValueRef};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Int,
    Real,
    Text,
    Blob,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value<'a> {
    Null(Kind),
    Int(i64),
    Real(f64),
    Text(&'a str),
    Blob(&'a [u8]),
}

impl Value<'_> {
    pub fn kind(&self) -> Kind {
        match self {
            Value::Null(k) => *k,
            Value::Int(_) => Kind::Int,
            Value::Real(_) => Kind::Real,
            Value::Text(_) => Kind::Text,
            Value::Blob(_) => Kind::Blob,
        }
    }

    /// The type PostgreSQL is told: every integer column is `bigint`.
    pub fn pg_type(&self) -> Type {
        match self.kind() {
            Kind::Int => Type::INT8,
            Kind::Real => Type::FLOAT8,
            Kind::Text => Type::TEXT,
            Kind::Blob => Type::BYTEA,
        }
    }
}

/// Anything a query takes as a parameter.
pub trait Param {
    fn value(&self) -> Value<'_>;
}

/// A parameter's SQL type, known without a value (for `None`).
pub trait Typed {
    const KIND: Kind;
}

macro_rules! integers {
    ($($t:ty),*) => {$(
        impl Param for $t {
            fn value(&self) -> Value<'_> {
                Value::Int(i64::from(*self))
            }
        }
        impl Typed for $t {
            const KIND: Kind = Kind::Int;
        }
    )*};
}
integers!(i64, i32, u32, i16, u16, u8, bool);

impl Param for f64 {
    fn value(&self) -> Value<'_> {
        Value::Real(*self)
    }
}
impl Typed for f64 {
    const KIND: Kind = Kind::Real;
}

impl Param for str {
    fn value(&self) -> Value<'_> {
        Value::Text(self)
    }
}
impl Typed for str {
    const KIND: Kind = Kind::Text;
}
impl Param for String {
    fn value(&self) -> Value<'_> {
        Value::Text(self)
    }
}
impl Typed for String {
    const KIND: Kind = Kind::Text;
}
impl Param for [u8] {
    fn value(&self) -> Value<'_> {
        Value::Blob(self)
    }
}
impl Typed for [u8] {
    const KIND: Kind = Kind::Blob;
}
impl Param for Vec<u8> {
    fn value(&self) -> Value<'_> {
        Value::Blob(self)
    }
}
impl Typed for Vec<u8> {
    const KIND: Kind = Kind::Blob;
}

impl<T: Param + Typed + ?Sized> Param for &T {
    fn value(&self) -> Value<'_> {
        (**self).value()
    }
}
impl<T: Typed + ?Sized> Typed for &T {
    const KIND: Kind = T::KIND;
}

impl<T: Param + Typed> Param for Option<T> {
    fn value(&self) -> Value<'_> {
        match self {
            Some(v) => v.value(),
            None => Value::Null(T::KIND),
        }
    }
}
impl<T: Typed> Typed for Option<T> {
    const KIND: Kind = T::KIND;
}

/// A value built up at run time (the board's filter and keys), as
/// rusqlite keeps one.
impl Param for rusqlite::types::Value {
    fn value(&self) -> Value<'_> {
        use rusqlite::types::Value as V;
        match self {
            V::Null => Value::Null(Kind::Int),
            V::Integer(n) => Value::Int(*n),
            V::Real(x) => Value::Real(*x),
            V::Text(t) => Value::Text(t),
            V::Blob(b) => Value::Blob(b),
        }
    }
}

/// A value already taken from its source, as bulk inserts gather rows.
impl Param for Value<'_> {
    fn value(&self) -> Value<'_> {
        *self
    }
}

/// Values built at run time as the parameters of one query.
pub fn params_of<P: Param>(values: &[P]) -> Vec<&dyn Param> {
    values.iter().map(|v| v as &dyn Param).collect()
}

impl rusqlite::ToSql for Value<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match *self {
            Value::Null(_) => ValueRef::Null,
            Value::Int(n) => ValueRef::Integer(n),
            Value::Real(x) => ValueRef::Real(x),
            Value::Text(s) => ValueRef::Text(s.as_bytes()),
            Value::Blob(b) => ValueRef::Blob(b),
        }))
    }
}

impl ToSql for Value<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut bytes::BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match *self {
            Value::Null(_) => Ok(IsNull::Yes),
            Value::Int(n) => n.to_sql(ty, out),
            Value::Real(x) => x.to_sql(ty, out),
            Value::Text(s) => s.to_sql(ty, out),
            Value::Blob(b) => b.to_sql(ty, out),
        }
    }

    // The statement is prepared with each value's own type (`pg_type`),
    // so the server's type is the one the value writes.
    fn accepts(ty: &Type) -> bool {
        [Type::INT8, Type::FLOAT8, Type::TEXT, Type::BYTEA].contains(ty)
    }

    to_sql_checked!();
}

/// The parameters of a query, as `&[&dyn Param]`.
#[macro_export]
#[doc(hidden)]
macro_rules! sql_args {
    () => { &[] as &[&dyn $crate::store::engine::Param] };
    ($($p:expr),+ $(,)?) => { &[$(&$p as &dyn $crate::store::engine::Param),+] as &[&dyn $crate::store::engine::Param] };
}
