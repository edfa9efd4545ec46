//! A PostgreSQL value read whatever its declared type, so that one query
//! text reads the same on both engines: `COUNT(*)` is `bigint`, a literal
//! `0` is `integer`, `SUM` of a `bigint` is `numeric`, a comparison is
//! `boolean`; SQLite answers all of them with an integer.

use std::error::Error;

use postgres::types::{FromSql, Type};

type Failure = Box<dyn Error + Sync + Send>;

#[derive(Clone, Debug, PartialEq)]
pub enum PgCell {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl<'a> FromSql<'a> for PgCell {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, Failure> {
        Ok(match *ty {
            Type::INT2 => PgCell::Int(i16::from_sql(ty, raw)?.into()),
            Type::INT4 => PgCell::Int(i32::from_sql(ty, raw)?.into()),
            Type::INT8 => PgCell::Int(i64::from_sql(ty, raw)?),
            Type::BOOL => PgCell::Int(bool::from_sql(ty, raw)?.into()),
            Type::FLOAT4 => PgCell::Real(f32::from_sql(ty, raw)?.into()),
            Type::FLOAT8 => PgCell::Real(f64::from_sql(ty, raw)?),
            Type::NUMERIC => numeric(raw)?,
            Type::BYTEA => PgCell::Blob(Vec::<u8>::from_sql(ty, raw)?),
            _ if <&str as FromSql>::accepts(ty) => PgCell::Text(<&str>::from_sql(ty, raw)?.into()),
            _ => return Err(format!("a value of type {ty}, which the store never writes").into()),
        })
    }

    fn from_sql_null(_: &Type) -> Result<Self, Failure> {
        Ok(PgCell::Null)
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// NUMERIC's binary form: a count of base-10000 digits, the weight of the
/// first, a sign and the display scale, then the digits. A whole number
/// is read as an integer (as SQLite's `SUM` of integers is), a fraction
/// as a float.
fn numeric(raw: &[u8]) -> Result<PgCell, Failure> {
    let word = |i: usize| -> Result<u16, Failure> {
        raw.get(i * 2..i * 2 + 2)
            .map(|b| u16::from_be_bytes([b[0], b[1]]))
            .ok_or_else(|| "a numeric value cut short".into())
    };
    let ndigits = usize::from(word(0)?);
    let weight = i32::from(word(1)? as i16);
    let sign = word(2)?;
    if sign == 0xC000 {
        return Err("a numeric NaN".into());
    }
    let negative = sign == 0x4000;
    let digits = (0..ndigits)
        .map(|i| word(4 + i))
        .collect::<Result<Vec<_>, _>>()?;
    let whole = digits
        .iter()
        .enumerate()
        .all(|(i, &d)| d == 0 || weight - i32::try_from(i).unwrap_or(i32::MAX) >= 0);
    if whole {
        let mut n: i64 = 0;
        for (i, &d) in digits.iter().enumerate() {
            let power = weight - i32::try_from(i).unwrap_or(i32::MAX);
            if power < 0 {
                break;
            }
            let term = (0..power)
                .try_fold(i64::from(d), |acc, _| acc.checked_mul(10_000))
                .ok_or("a numeric value too big for a 64-bit integer")?;
            n = n
                .checked_add(term)
                .ok_or("a numeric value too big for a 64-bit integer")?;
        }
        return Ok(PgCell::Int(if negative { -n } else { n }));
    }
    let mut x = 0f64;
    for (i, &d) in digits.iter().enumerate() {
        let power = weight - i32::try_from(i).unwrap_or(i32::MAX);
        x += f64::from(d) * 10_000f64.powi(power);
    }
    Ok(PgCell::Real(if negative { -x } else { x }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(weight: i16, sign: u16, scale: u16, digits: &[u16]) -> Vec<u8> {
        let mut v = Vec::new();
        let n = u16::try_from(digits.len()).unwrap();
        for w in [n, weight.cast_unsigned(), sign, scale] {
            v.extend(w.to_be_bytes());
        }
        for d in digits {
            v.extend(d.to_be_bytes());
        }
        v
    }

    #[test]
    fn a_whole_numeric_reads_as_an_integer() {
        // 123456789 = 1·10000² + 2345·10000 + 6789
        let raw = encode(2, 0, 0, &[1, 2345, 6789]);
        assert_eq!(numeric(&raw).unwrap(), PgCell::Int(123_456_789));
        // 20000: one digit of weight 1, the trailing zero digit left out.
        assert_eq!(
            numeric(&encode(1, 0, 0, &[2])).unwrap(),
            PgCell::Int(20_000)
        );
        assert_eq!(
            numeric(&encode(0, 0x4000, 0, &[42])).unwrap(),
            PgCell::Int(-42)
        );
        assert_eq!(numeric(&encode(0, 0, 0, &[])).unwrap(), PgCell::Int(0));
    }

    #[test]
    fn a_fraction_reads_as_a_float_and_nan_or_overflow_is_an_error() {
        // 1.5 = 1 + 5000/10000
        assert_eq!(
            numeric(&encode(0, 0, 1, &[1, 5000])).unwrap(),
            PgCell::Real(1.5)
        );
        assert!(numeric(&encode(0, 0xC000, 0, &[])).is_err());
        assert!(numeric(&encode(5, 0, 0, &[9999])).is_err());
        assert!(numeric(&[0, 1]).is_err());
    }
}
