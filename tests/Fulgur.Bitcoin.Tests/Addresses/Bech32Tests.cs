using Fulgur.Bitcoin.Addresses;

namespace Fulgur.Bitcoin.Tests.Addresses;

/// <summary>
/// The checksum test vectors of BIP173 ("Test vectors" section, bech32) and BIP350 ("Test vectors for Bech32m"),
/// copied from bitcoin/bips bip-0173.mediawiki and bip-0350.mediawiki.
/// </summary>
public sealed class Bech32Tests
{
    // BIP173: "The following strings are valid Bech32".
    [Theory]
    [InlineData("A12UEL5L")]
    [InlineData("a12uel5l")]
    [InlineData("an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs")]
    [InlineData("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw")]
    [InlineData("11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j")]
    [InlineData("split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w")]
    [InlineData("?1ezyfcl")]
    public void Bip173_valid_bech32(string text) => AssertValid(text, Bech32Variant.Bech32);

    // BIP350: "The following strings are valid Bech32m".
    [Theory]
    [InlineData("A1LQFN3A")]
    [InlineData("a1lqfn3a")]
    [InlineData("an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6")]
    [InlineData("abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx")]
    [InlineData("11llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllludsr8")]
    [InlineData("split1checkupstagehandshakeupstreamerranterredcaperredlc445v")]
    [InlineData("?1v759aa")]
    public void Bip350_valid_bech32m(string text) => AssertValid(text, Bech32Variant.Bech32m);

    // BIP173's invalid bech32 strings, then BIP350's invalid bech32m strings (each with its stated reason).
    [Theory]
    [InlineData("\u00201nwldj5")] // HRP character out of range
    [InlineData("\u007f1axkwrx")] // HRP character out of range
    [InlineData("\u00801eym55h")] // HRP character out of range
    [InlineData("an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx")] // overall max length exceeded
    [InlineData("pzry9x0s0muk")] // No separator character
    [InlineData("1pzry9x0s0muk")] // Empty HRP
    [InlineData("x1b4n0q5v")] // Invalid data character
    [InlineData("li1dgmt3")] // Too short checksum
    [InlineData("de1lg7wt\u00ff")] // Invalid character in checksum
    [InlineData("A1G7SGD8")] // checksum calculated with uppercase form of HRP
    [InlineData("10a06t8")] // empty HRP
    [InlineData("1qzzfhee")] // empty HRP
    [InlineData("\u00201xj0phk")] // HRP character out of range
    [InlineData("\u007f1g6xzxy")] // HRP character out of range
    [InlineData("\u00801vctc34")] // HRP character out of range
    [InlineData("an84characterslonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11d6pts4")] // overall max length exceeded
    [InlineData("qyrz8wqd2c9m")] // No separator character
    [InlineData("1qyrz8wqd2c9m")] // Empty HRP
    [InlineData("y1b0jsk6g")] // Invalid data character
    [InlineData("lt1igcx5c0")] // Invalid data character
    [InlineData("in1muywd")] // Too short checksum
    [InlineData("mm1crxm3i")] // Invalid character in checksum
    [InlineData("au1s5cgom")] // Invalid character in checksum
    [InlineData("M1VUXWEZ")] // checksum calculated with uppercase form of HRP
    [InlineData("16plkw9")] // empty HRP
    [InlineData("1p2gdwpf")] // empty HRP
    [InlineData("a12UEL5L")] // mixed case
    public void Invalid_strings_are_rejected_with_a_reason(string text)
    {
        Assert.False(Bech32.TryDecode(text, Bech32.MaxLength, out _, out _, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Bech32_strings_are_not_bech32m_and_back()
    {
        // BIP350: "No string can be simultaneously valid Bech32 and Bech32m".
        Assert.True(Bech32.TryDecode("a12uel5l", 90, out _, out _, out var v1, out _));
        Assert.True(Bech32.TryDecode("a1lqfn3a", 90, out _, out _, out var v2, out _));
        Assert.Equal(Bech32Variant.Bech32, v1);
        Assert.Equal(Bech32Variant.Bech32m, v2);
    }

    [Fact]
    public void Convert_bits_round_trips_and_rejects_bad_padding()
    {
        byte[] data = [0xff, 0x00, 0x12, 0x34, 0x56];
        Assert.True(Bech32.TryConvertBits(data, 8, 5, pad: true, out var five));
        Assert.True(Bech32.TryConvertBits(five, 5, 8, pad: false, out var back));
        Assert.Equal(data, back);
        Assert.False(Bech32.TryConvertBits([0x1f], 5, 8, pad: false, out _)); // non-zero leftover bits
        Assert.False(Bech32.TryConvertBits([0x20], 5, 8, pad: true, out _)); // value wider than 5 bits
    }

    private static void AssertValid(string text, Bech32Variant expected)
    {
        Assert.True(Bech32.TryDecode(text, Bech32.MaxLength, out var hrp, out var data, out var variant, out var error), error);
        Assert.Equal(expected, variant);
        Assert.Equal(text.ToLowerInvariant(), Bech32.Encode(hrp, data, variant));
    }
}
