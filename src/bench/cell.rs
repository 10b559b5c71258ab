//! One generated value, engine-neutral; the loaders format it for their engine.

/// A value of one column in one generated row.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// A decimal as whole units of `10^-scale`.
    Decimal {
        units: i64,
        scale: u32,
    },
    Text(String),
    Bytes(Vec<u8>),
    /// Days since 1970-01-01.
    Date(i64),
    /// Microseconds since midnight.
    Time(i64),
    /// Microseconds since the Unix epoch, in UTC.
    Timestamp(i64),
    Uuid(u128),
    /// A JSON document in its text form.
    Json(String),
    /// The elements of an array, each a value of the element type.
    Array(Vec<Cell>),
}

const MICROS_PER_DAY: i64 = 86_400_000_000;

impl Cell {
    /// The value as a number, for the check interpreter; `None` for non-numbers.
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Cell::Int(v) => Some(*v as f64),
            Cell::Float(v) => Some(*v),
            Cell::Decimal { units, scale } => Some(*units as f64 / 10f64.powi(*scale as i32)),
            Cell::Bool(b) => Some(f64::from(u8::from(*b))),
            Cell::Date(d) => Some(*d as f64),
            Cell::Time(t) | Cell::Timestamp(t) => Some(*t as f64),
            _ => None,
        }
    }

    /// `123.45` for a decimal.
    pub fn decimal_text(units: i64, scale: u32) -> String {
        text_of(|out| Cell::write_decimal(units, scale, out))
    }

    /// `2024-03-09`.
    pub fn date_text(days: i64) -> String {
        text_of(|out| Cell::write_date(days, out))
    }

    /// `13:05:09.250000`.
    pub fn time_text(micros: i64) -> String {
        text_of(|out| Cell::write_time(micros, out))
    }

    /// The date and the time of day of a timestamp, each as text, joined by `sep`.
    pub fn timestamp_text(micros: i64, sep: u8) -> String {
        text_of(|out| Cell::write_timestamp(micros, sep, out))
    }

    /// Appends an integer in decimal.
    pub fn write_int(value: i64, out: &mut Vec<u8>) {
        if value < 0 {
            out.push(b'-');
        }
        let mut digits = [0u8; 20];
        let mut n = value.unsigned_abs();
        let mut at = digits.len();
        loop {
            at -= 1;
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        out.extend_from_slice(&digits[at..]);
    }

    /// Appends a decimal as `123.45`.
    pub fn write_decimal(units: i64, scale: u32, out: &mut Vec<u8>) {
        if scale == 0 {
            return Cell::write_int(units, out);
        }
        if units < 0 {
            out.push(b'-');
        }
        let factor = 10u64.pow(scale);
        let abs = units.unsigned_abs();
        Cell::write_int((abs / factor) as i64, out);
        out.push(b'.');
        write_padded(abs % factor, scale as usize, out);
    }

    /// Appends a date as `2024-03-09`.
    pub fn write_date(days: i64, out: &mut Vec<u8>) {
        let (y, m, d) = civil_from_days(days);
        if y < 0 {
            out.push(b'-');
        }
        write_padded(y.unsigned_abs(), 4, out);
        out.push(b'-');
        write_padded(u64::from(m), 2, out);
        out.push(b'-');
        write_padded(u64::from(d), 2, out);
    }

    /// Appends the time of day as `13:05:09.250000`.
    pub fn write_time(micros: i64, out: &mut Vec<u8>) {
        let micros = micros.rem_euclid(MICROS_PER_DAY) as u64;
        let seconds = micros / 1_000_000;
        write_padded(seconds / 3600, 2, out);
        out.push(b':');
        write_padded(seconds / 60 % 60, 2, out);
        out.push(b':');
        write_padded(seconds % 60, 2, out);
        out.push(b'.');
        write_padded(micros % 1_000_000, 6, out);
    }

    /// Appends a timestamp as its date and time of day joined by `sep`.
    pub fn write_timestamp(micros: i64, sep: u8, out: &mut Vec<u8>) {
        Cell::write_date(micros.div_euclid(MICROS_PER_DAY), out);
        out.push(sep);
        Cell::write_time(micros, out);
    }

    /// `01234567-89ab-cdef-0123-456789abcdef`.
    pub fn uuid_text(value: u128) -> String {
        let hex = format!("{value:032x}");
        format!(
            "{}-{}-{}-{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..32]
        )
    }

    /// Lowercase hexadecimal digits of `bytes`.
    pub fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The elements of an array as a JSON array (see [`Cell::json_element`]).
    pub fn json_array(items: &[Cell]) -> String {
        let elements: Vec<String> = items.iter().map(Cell::json_element).collect();
        format!("[{}]", elements.join(","))
    }

    /// The value as an element of a JSON array: numbers and booleans bare, so that an
    /// engine casting the elements to a number type reads them as numbers; dates,
    /// times, uuids and bytes as JSON strings of their text.
    pub fn json_element(&self) -> String {
        match self {
            Cell::Null => "null".to_string(),
            Cell::Bool(b) => b.to_string(),
            Cell::Int(v) => v.to_string(),
            Cell::Float(v) => v.to_string(),
            Cell::Decimal { units, scale } => Cell::decimal_text(*units, *scale),
            Cell::Text(t) => json_string(t),
            Cell::Json(t) => t.clone(),
            Cell::Bytes(bytes) => json_string(&Cell::hex(bytes)),
            Cell::Date(d) => json_string(&Cell::date_text(*d)),
            Cell::Time(t) => json_string(&Cell::time_text(*t)),
            Cell::Timestamp(t) => json_string(&Cell::timestamp_text(*t, b' ')),
            Cell::Uuid(u) => json_string(&Cell::uuid_text(*u)),
            Cell::Array(items) => Cell::json_array(items),
        }
    }
}

/// The text a writer of ASCII digits and signs appends.
fn text_of(write: impl FnOnce(&mut Vec<u8>)) -> String {
    let mut out = Vec::new();
    write(&mut out);
    String::from_utf8(out).expect("the writers append ASCII")
}

/// Appends `value` in decimal, zero-padded to at least `width` digits.
fn write_padded(value: u64, width: usize, out: &mut Vec<u8>) {
    let mut digits = [b'0'; 20];
    let mut n = value;
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let start = at.min(digits.len() - width.min(digits.len()));
    out.extend_from_slice(&digits[start..]);
}

/// `text` as a JSON string literal.
fn json_string(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

/// The proleptic Gregorian date of a day number (days since 1970-01-01).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times_format() {
        assert_eq!(Cell::date_text(0), "1970-01-01");
        assert_eq!(Cell::date_text(19_792), "2024-03-10");
        assert_eq!(Cell::time_text(3_723_000_001), "01:02:03.000001");
        assert_eq!(Cell::time_text(-1), "23:59:59.999999");
        assert_eq!(Cell::date_text(-719_528), "0000-01-01");
        assert_eq!(
            Cell::timestamp_text(19_792 * MICROS_PER_DAY + 1_000_000, b'T'),
            "2024-03-10T00:00:01.000000"
        );
    }

    #[test]
    fn decimals_and_uuids_format() {
        assert_eq!(Cell::decimal_text(12_345, 2), "123.45");
        assert_eq!(Cell::decimal_text(-5, 2), "-0.05");
        assert_eq!(Cell::decimal_text(7, 0), "7");
        assert_eq!(Cell::decimal_text(-120_030, 3), "-120.030");
        assert_eq!(Cell::decimal_text(i64::MIN, 0), "-9223372036854775808");
        assert_eq!(Cell::uuid_text(1), "00000000-0000-0000-0000-000000000001");
        assert_eq!(
            Cell::json_array(&[Cell::Text("a\"b".to_string())]),
            r#"["a\"b"]"#
        );
        let typed = [
            Cell::Int(-3),
            Cell::Decimal {
                units: 1250,
                scale: 2,
            },
            Cell::Date(19_792),
            Cell::Uuid(1),
            Cell::Bool(true),
        ];
        assert_eq!(
            Cell::json_array(&typed),
            r#"[-3,12.50,"2024-03-10","00000000-0000-0000-0000-000000000001",true]"#
        );
    }
}
