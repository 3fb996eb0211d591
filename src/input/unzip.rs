//! The parts of a zipped workbook (.xlsx, .ods), inflated no further than the size the
//! zip's central directory declares for each: the declared sizes are what the bomb check
//! judged, so a part that would inflate past its own is stopped there, while inflating,
//! instead of being trusted.

use std::fmt;
use std::io::{self, Read};

/// A part that inflates to more than its central directory entry declares.
#[derive(Debug, Clone, PartialEq)]
pub struct Overflow {
    pub part: String,
    pub declared: u64,
}

impl fmt::Display for Overflow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} unpacks to more than the {} bytes declared",
            self.part, self.declared
        )
    }
}

impl std::error::Error for Overflow {}

/// Reads at most `declared` bytes of a part; one byte more is an [`Overflow`] error.
pub struct Bounded<R> {
    inner: R,
    left: u64,
    part: String,
    declared: u64,
}

impl<R: Read> Bounded<R> {
    pub fn new(inner: R, part: &str, declared: u64) -> Self {
        Bounded {
            inner,
            left: declared,
            part: part.to_string(),
            declared,
        }
    }
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if self.left == 0 {
            // The declared size is reached: the part must end here.
            let mut probe = [0u8; 1];
            let over = match self.inner.read(&mut probe) {
                Ok(0) => false,
                Ok(_) => true,
                // The zip crate checks the declared size too, with an error of its own: the
                // same finding, said the same way.
                Err(e) if e.to_string().contains("larger than its declared") => true,
                Err(e) => return Err(e),
            };
            return match over {
                false => Ok(0),
                true => Err(io::Error::other(Overflow {
                    part: self.part.clone(),
                    declared: self.declared,
                })),
            };
        }
        let most = usize::try_from(self.left)
            .unwrap_or(usize::MAX)
            .min(buf.len());
        let n = self.inner.read(&mut buf[..most])?;
        self.left -= n as u64;
        Ok(n)
    }
}

/// The [`Overflow`] behind an I/O error, if that is what stopped the reading.
pub fn overflow(e: &io::Error) -> Option<&Overflow> {
    e.get_ref()
        .and_then(|inner| inner.downcast_ref::<Overflow>())
}

/// The [`Overflow`] behind an XML reader's error.
pub fn xml_overflow(e: &quick_xml::Error) -> Option<&Overflow> {
    match e {
        quick_xml::Error::Io(io) => overflow(io),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_is_read_up_to_its_declared_size_and_no_further() {
        let mut out = Vec::new();
        Bounded::new(&b"12345"[..], "a.xml", 5)
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, b"12345");
        let mut out = Vec::new();
        let e = Bounded::new(&b"123456"[..], "a.xml", 5)
            .read_to_end(&mut out)
            .unwrap_err();
        assert_eq!(
            overflow(&e),
            Some(&Overflow {
                part: "a.xml".into(),
                declared: 5
            })
        );
        assert_eq!(out, b"12345");
    }
}
