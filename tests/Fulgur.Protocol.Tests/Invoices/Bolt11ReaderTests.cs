using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Addresses;
using Fulgur.Crypto;
using Fulgur.Protocol.Invoices;
using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Tests.Invoices;

/// <summary>
/// The reader's rules one at a time, on invoices signed with the spec's key from hand-made fields (the spec's examples
/// do not reach every rule): skipped fields, non-minimal lengths, malformed fallbacks and hints, signature checks.
/// </summary>
public sealed class Bolt11ReaderTests : IDisposable
{
    private static readonly DateTimeOffset Time = DateTimeOffset.FromUnixTimeSeconds(Bolt11ExampleTests.Timestamp);
    private static readonly byte[] Hash = Hex.Decode(Bolt11ExampleTests.PaymentHashHex);
    private static readonly byte[] Secret = Hex.Decode(Bolt11ExampleTests.PaymentSecretHex);

    private readonly PrivateKey _key = PrivateKey.Create(Hex.Decode(Bolt11ExampleTests.PrivateKeyHex));

    public void Dispose() => _key.Dispose();

    private static TaggedField Bytes(InvoiceFieldType type, byte[] bytes) => TaggedField.FromBytes(type, bytes);

    private static TaggedField Words(InvoiceFieldType type, params byte[] words) => new(type, new ByteVector(words));

    private static TaggedField[] Required => [Bytes(InvoiceFieldType.PaymentHash, Hash), Bytes(InvoiceFieldType.PaymentSecret, Secret),
        Bytes(InvoiceFieldType.Description, "x"u8.ToArray())];

    private string Sign(string hrp, params TaggedField[] fields) => new UnsignedInvoice(hrp, Network.Bitcoin, null, Time, fields).SignUnchecked(_key);

    private Bolt11Invoice Accepted(params TaggedField[] fields)
    {
        Assert.True(Bolt11Invoice.TryDecode(Sign("lnbc", fields), out var invoice, out var error), error.ToString());
        return invoice;
    }

    private Bolt11Error Refused(params TaggedField[] fields) => RefusedText(Sign("lnbc", fields));

    private static Bolt11Error RefusedText(string text)
    {
        Assert.False(Bolt11Invoice.TryDecode(text, out var invoice, out var error));
        Assert.Null(invoice);
        return error;
    }

    [Fact]
    public void Minimal_invoice_gets_the_defaults()
    {
        var invoice = Accepted(Required);
        Assert.Equal(Bolt11Invoice.DefaultExpiry, invoice.Expiry);
        Assert.Equal(new CltvExpiryDelta(18), invoice.MinFinalCltvExpiryDelta);
        Assert.Null(invoice.Amount);
        Assert.True(invoice.Features.IsEmpty);
        Assert.Equal(Time + TimeSpan.FromHours(1), invoice.ExpiresAt);
        Assert.False(invoice.IsExpiredAt(Time + TimeSpan.FromMinutes(59)));
        Assert.True(invoice.IsExpiredAt(Time + TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Required_fields_are_required()
    {
        Assert.Equal(Bolt11ErrorKind.MissingPaymentHash, Refused(Required[1], Required[2]).Kind);
        Assert.Equal(Bolt11ErrorKind.MissingPaymentSecret, Refused(Required[0], Required[2]).Kind);
        Assert.Equal(Bolt11ErrorKind.MissingDescription, Refused(Required[0], Required[1]).Kind);
        Assert.Equal(Bolt11ErrorKind.MultipleDescriptions, Refused([.. Required, Bytes(InvoiceFieldType.DescriptionHash, new byte[32])]).Kind);
        Assert.Equal(Bolt11ErrorKind.MultipleDescriptions, Refused([.. Required, Bytes(InvoiceFieldType.Description, "y"u8.ToArray())]).Kind);
    }

    [Fact]
    public void Fixed_length_fields_of_another_length_are_skipped_but_kept()
    {
        var shortHash = Words(InvoiceFieldType.PaymentHash, new byte[51]);
        var longNode = Words(InvoiceFieldType.PayeeNodeId, new byte[54]);
        var shortSecret = Words(InvoiceFieldType.PaymentSecret, new byte[51]);
        var invoice = Accepted([shortHash, longNode, shortSecret, .. Required]);
        Assert.Equal(Bolt11ExampleTests.PaymentHashHex, invoice.PaymentHash.ToString());
        Assert.False(invoice.HasPayeeField);
        Assert.Equal(6, invoice.Fields.Count);
        // A payment hash of the wrong length does not count as one.
        Assert.Equal(Bolt11ErrorKind.MissingPaymentHash, Refused(shortHash, Required[1], Required[2]).Kind);
    }

    [Fact]
    public void First_payment_hash_is_used()
    {
        var other = Bytes(InvoiceFieldType.PaymentHash, Enumerable.Repeat((byte)7, 32).ToArray());
        Assert.Equal(Bolt11ExampleTests.PaymentHashHex, Accepted([.. Required, other]).PaymentHash.ToString());
        Assert.Equal(string.Concat(Enumerable.Repeat("07", 32)), Accepted([other, .. Required]).PaymentHash.ToString());
    }

    [Fact]
    public void Unknown_fields_are_kept_and_re_signed_identically()
    {
        var unknown = Words((InvoiceFieldType)2, 1, 2, 3);
        var text = Sign("lnbc", [unknown, .. Required]);
        var invoice = Bolt11Invoice.Decode(text);
        Assert.Equal(unknown, invoice.Fields[0]);
        Assert.Equal(text, invoice.ToUnsigned().Sign(_key).Encoded);
    }

    [Fact]
    public void Integer_fields_must_be_minimal_and_in_range()
    {
        Assert.Equal(Bolt11ErrorKind.NonMinimalField, Refused([.. Required, Words(InvoiceFieldType.Expiry, 0, 5)]).Kind);
        Assert.Equal(Bolt11ErrorKind.NonMinimalField, Refused([.. Required, Words(InvoiceFieldType.MinFinalCltvExpiryDelta, 0, 5)]).Kind);
        Assert.Equal(Bolt11ErrorKind.NonMinimalField, Refused([.. Required, Words(InvoiceFieldType.Features, 0, 1)]).Kind);
        Assert.Equal(Bolt11ErrorKind.NonMinimalField, Refused([.. Required, Words(InvoiceFieldType.Features, 0)]).Kind);
        Assert.Equal(Bolt11ErrorKind.FieldValueTooLarge, Refused([.. Required, Words(InvoiceFieldType.Expiry, Enumerable.Repeat((byte)31, 13).ToArray())]).Kind);
        Assert.Equal(Bolt11ErrorKind.FieldValueTooLarge, Refused([.. Required, Words(InvoiceFieldType.Expiry, Enumerable.Repeat((byte)31, 8).ToArray())]).Kind);
        Assert.Equal(Bolt11ErrorKind.FieldValueTooLarge, Refused([.. Required, Words(InvoiceFieldType.MinFinalCltvExpiryDelta, 2, 0, 0, 0)]).Kind);
        // A lone zero word is zero, written minimally; an empty field reads as zero too.
        Assert.Equal(TimeSpan.Zero, Accepted([.. Required, Words(InvoiceFieldType.Expiry, 0)]).Expiry);
        Assert.Equal(TimeSpan.Zero, Accepted([.. Required, Words(InvoiceFieldType.Expiry)]).Expiry);
        Assert.Equal(new CltvExpiryDelta(ushort.MaxValue), Accepted([.. Required, Words(InvoiceFieldType.MinFinalCltvExpiryDelta, 1, 31, 31, 31)])
            .MinFinalCltvExpiryDelta);
        // The longest expiry a TimeSpan holds saturates ExpiresAt rather than overflowing.
        var huge = Accepted([.. Required, Words(InvoiceFieldType.Expiry, 26, 0, 0, 0, 0, 0, 0, 0)]);
        Assert.Equal(DateTimeOffset.MaxValue, huge.ExpiresAt);
    }

    [Fact]
    public void Features_keep_unknown_odd_bits_and_refuse_unknown_even_bits()
    {
        // Bit 99 is word 19 from the end, bit 4; bit 100 is word 20 from the end, bit 0.
        var odd = new byte[20];
        odd[0] = 16;
        Assert.Equal([99], Accepted([.. Required, Words(InvoiceFieldType.Features, odd)]).Features.SetBits);
        var even = new byte[21];
        even[0] = 1;
        var error = Refused([.. Required, Words(InvoiceFieldType.Features, even)]);
        Assert.Equal(Bolt11ErrorKind.UnknownRequiredFeature, error.Kind);
        Assert.Contains("100", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Fallbacks_of_unknown_versions_are_skipped_and_malformed_ones_refused()
    {
        var v19 = Words(InvoiceFieldType.FallbackAddress, [19, .. new byte[32]]);
        var invoice = Accepted([.. Required, v19, Words(InvoiceFieldType.FallbackAddress)]);
        Assert.Empty(invoice.Fallbacks);
        Assert.Equal(5, invoice.Fields.Count);

        Assert.True(Bech32.TryConvertBits(new byte[25], 8, 5, pad: true, out var program25));
        Assert.Equal(Bolt11ErrorKind.InvalidFallbackAddress, Refused([.. Required, Words(InvoiceFieldType.FallbackAddress, [0, .. program25])]).Kind);
        Assert.Equal(Bolt11ErrorKind.InvalidFallbackAddress, Refused([.. Required, Words(InvoiceFieldType.FallbackAddress, [17, .. program25])]).Kind);
        Assert.Equal(Bolt11ErrorKind.InvalidFallbackAddress, Refused([.. Required, Words(InvoiceFieldType.FallbackAddress, 1)]).Kind);
    }

    [Fact]
    public void Route_hints_must_be_whole_hops_with_valid_keys()
    {
        Assert.Equal(Bolt11ErrorKind.InvalidRouteHint, Refused([.. Required, Bytes(InvoiceFieldType.RouteHint, new byte[50])]).Kind);
        Assert.Equal(Bolt11ErrorKind.InvalidRouteHint, Refused([.. Required, Bytes(InvoiceFieldType.RouteHint, [])]).Kind);
        var badKey = new byte[RouteHintHop.Length];
        badKey[0] = 5;
        Assert.Equal(Bolt11ErrorKind.InvalidRouteHint, Refused([.. Required, Bytes(InvoiceFieldType.RouteHint, badKey)]).Kind);
    }

    [Fact]
    public void Description_must_be_utf8()
    {
        var error = Refused(Required[0], Required[1], Bytes(InvoiceFieldType.Description, [0x66, 0xff, 0x66]));
        Assert.Equal(Bolt11ErrorKind.InvalidDescription, error.Kind);
    }

    [Fact]
    public void Payee_field_must_match_the_signer_and_an_invalid_one_falls_back_to_recovery()
    {
        using var other = PrivateKey.Create(Hex.Decode("0202020202020202020202020202020202020202020202020202020202020202"));
        Assert.Equal(Bolt11ErrorKind.SignatureMismatch, Refused([.. Required, Bytes(InvoiceFieldType.PayeeNodeId, other.PublicKey.ToCompressed())]).Kind);

        var own = Accepted([.. Required, Bytes(InvoiceFieldType.PayeeNodeId, _key.PublicKey.ToCompressed())]);
        Assert.True(own.HasPayeeField);
        Assert.Equal(Bolt11ExampleTests.PayeeHex, own.Payee.ToHex());

        // BOLT 11: "if a valid `n` field is provided" — 33 bytes that are not a point are not valid, so the key is recovered.
        var notAPoint = new byte[33];
        notAPoint[0] = 5;
        var recovered = Accepted([.. Required, Bytes(InvoiceFieldType.PayeeNodeId, notAPoint)]);
        Assert.False(recovered.HasPayeeField);
        Assert.Equal(Bolt11ExampleTests.PayeeHex, recovered.Payee.ToHex());
    }

    [Fact]
    public void Recovery_id_above_three_is_refused()
    {
        var words = DataWords(Sign("lnbc", Required));
        var signature = InvoiceWordsToBytes(words.AsSpan(words.Length - Bolt11Invoice.SignatureWords));
        signature[64] = 4;
        Assert.True(Bech32.TryConvertBits(signature, 8, 5, pad: true, out var signatureWords));
        var text = Bech32.Encode("lnbc", [.. words[..^Bolt11Invoice.SignatureWords], .. signatureWords], Bech32Variant.Bech32);
        Assert.Equal(Bolt11ErrorKind.UnrecoverableSignature, RefusedText(text).Kind);
    }

    [Fact]
    public void Bech32m_checksum_is_refused()
    {
        var words = DataWords(Sign("lnbc", Required));
        Assert.Equal(Bolt11ErrorKind.InvalidChecksum, RefusedText(Bech32.Encode("lnbc", words, Bech32Variant.Bech32m)).Kind);
    }

    [Fact]
    public void Fields_running_into_the_signature_are_refused()
    {
        var words = DataWords(Sign("lnbc", Required)).ToList();
        // A header that claims 63 words when none remain before the signature.
        words.InsertRange(words.Count - Bolt11Invoice.SignatureWords, [13, 1, 31]);
        Assert.Equal(Bolt11ErrorKind.TruncatedField, RefusedText(Bech32.Encode("lnbc", [.. words], Bech32Variant.Bech32)).Kind);
        // Two stray words: not even a header.
        words.RemoveAt(words.Count - Bolt11Invoice.SignatureWords - 1);
        Assert.Equal(Bolt11ErrorKind.TruncatedField, RefusedText(Bech32.Encode("lnbc", [.. words], Bech32Variant.Bech32)).Kind);
    }

    [Theory]
    [InlineData("lnxy", Bolt11ErrorKind.UnknownPrefix)]
    [InlineData("lnbcrtx", Bolt11ErrorKind.UnknownPrefix)]
    [InlineData("bc", Bolt11ErrorKind.UnknownPrefix)]
    [InlineData("ln25m", Bolt11ErrorKind.UnknownPrefix)]
    [InlineData("lnbc0", Bolt11ErrorKind.InvalidAmount)]
    [InlineData("lnbc1x", Bolt11ErrorKind.InvalidMultiplier)]
    [InlineData("lnbc15p", Bolt11ErrorKind.SubMillisatoshiAmount)]
    public void Human_readable_part_is_checked(string hrp, Bolt11ErrorKind kind)
    {
        Assert.Equal(kind, RefusedText(Sign(hrp, Required)).Kind);
    }

    [Theory]
    [InlineData("lnbcrt", "regtest")]
    [InlineData("lntbs", "signet")]
    [InlineData("lntb", "testnet")]
    [InlineData("lnbc", "bitcoin")]
    public void Every_network_prefix_is_understood(string hrp, string network)
    {
        Assert.True(Bolt11Invoice.TryDecode(Sign(hrp + "10u", Required), out var invoice, out var error), error.ToString());
        Assert.Equal(network, invoice.Network.Name);
        Assert.Equal(new MilliSatoshi(1_000_000), invoice.Amount);
    }

    [Theory]
    [InlineData("", Bolt11ErrorKind.MalformedBech32)]
    [InlineData("lnbc1 pvjluez", Bolt11ErrorKind.MalformedBech32)]
    [InlineData("lnbc1pvjlueb", Bolt11ErrorKind.MalformedBech32)]
    [InlineData("lnbc1pvj", Bolt11ErrorKind.MalformedBech32)]
    [InlineData("1pvjluezpp5qqq", Bolt11ErrorKind.MissingSeparator)]
    [InlineData("lnbc1qqqqqqqqqqqqqqqqqq", Bolt11ErrorKind.InvalidChecksum)]
    [InlineData("lnBC1qqqqqqqqqqqqqqqqqq", Bolt11ErrorKind.MixedCase)]
    public void Malformed_bech32_is_refused(string text, Bolt11ErrorKind kind)
    {
        Assert.Equal(kind, RefusedText(text).Kind);
    }

    private static byte[] DataWords(string text)
    {
        Assert.True(Bech32.TryDecode(text, int.MaxValue, out _, out var words, out _, out var error), error);
        return words;
    }

    private static byte[] InvoiceWordsToBytes(ReadOnlySpan<byte> words)
    {
        Assert.True(Bech32.TryConvertBits(words, 5, 8, pad: false, out var bytes));
        return bytes;
    }
}
