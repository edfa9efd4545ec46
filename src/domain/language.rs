//! The language a customer reads its notices in. International Chinese
//! enterprises read Chinese and local ones English, unless the desk was
//! told otherwise for a customer.

use super::CustomerKind;
use super::state::word_enum;

word_enum!(
    /// A notice language.
    Language, "notice language" {
        En => "en",
        ZhCn => "zh-CN",
    }
);

impl Language {
    /// The default for a kind of customer.
    pub fn for_customer(kind: CustomerKind) -> Language {
        match kind {
            CustomerKind::InternationalChinese => Language::ZhCn,
            CustomerKind::Local => Language::En,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_enterprises_read_chinese_by_default() {
        assert_eq!(
            Language::for_customer(CustomerKind::InternationalChinese),
            Language::ZhCn
        );
        assert_eq!(Language::for_customer(CustomerKind::Local), Language::En);
        assert_eq!("zh-CN".parse::<Language>().unwrap(), Language::ZhCn);
        assert!("fr".parse::<Language>().is_err());
    }
}
