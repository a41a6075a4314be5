using System.Diagnostics.CodeAnalysis;
using System.Text;
using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Addresses;
using Fulgur.Crypto;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Features;

namespace Fulgur.Protocol.Invoices;

/// <summary>
/// BOLT 11's reader requirements, applied in the order the string is laid out: bech32, human-readable part, timestamp,
/// tagged fields, then the signature. Untrusted input never throws: every refusal is a <see cref="Bolt11Error"/>.
/// </summary>
internal static class Bolt11Reader
{
    private const string UriScheme = "lightning:";
    private const int PaymentHashWords = 52;
    private const int PayeeNodeIdWords = 53;

    // The largest expiry a TimeSpan holds, in seconds (about 29,000 years).
    private static readonly ulong MaxExpirySeconds = (ulong)(TimeSpan.MaxValue.Ticks / TimeSpan.TicksPerSecond);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool TryRead(string? text, [NotNullWhen(true)] out Bolt11Invoice? invoice, out Bolt11Error error)
    {
        invoice = null;
        if (string.IsNullOrEmpty(text))
            return Fail(Bolt11ErrorKind.MalformedBech32, "empty invoice", out error);
        if (text.StartsWith(UriScheme, StringComparison.OrdinalIgnoreCase))
            text = text[UriScheme.Length..];
        if (!TryReadBech32(text, out var hrp, out var words, out error))
            return false;
        if (!TryReadHumanReadablePart(hrp, out var network, out var amount, out error))
            return false;
        // BOLT #11: "`signature`: compact ECDSA/secp256k1 signature of the above (520 bits: 64-byte R||S + 1-byte recovery id)"
        if (words.Length < Bolt11Invoice.TimestampWords + Bolt11Invoice.SignatureWords)
            return Fail(Bolt11ErrorKind.TooShort, $"{words.Length} data characters cannot hold a timestamp and a signature", out error);
        var fieldsEnd = words.Length - Bolt11Invoice.SignatureWords;
        var timestamp = DateTimeOffset.FromUnixTimeSeconds((long)InvoiceWords.ToUInt64(words.AsSpan(0, Bolt11Invoice.TimestampWords)));

        var fields = new FieldReader();
        if (!fields.TryReadAll(words.AsSpan(Bolt11Invoice.TimestampWords, fieldsEnd - Bolt11Invoice.TimestampWords), out error))
            return false;
        if (fields.PaymentHash is not { } paymentHash)
            return Fail(Bolt11ErrorKind.MissingPaymentHash, "no valid payment hash (p) field", out error);
        // BOLT #11: "if a valid `s` field is not provided: - MUST fail the payment."
        if (fields.PaymentSecret is not { } paymentSecret)
            return Fail(Bolt11ErrorKind.MissingPaymentSecret, "no valid payment secret (s) field", out error);
        // BOLT #11: "MUST fail the payment if neither a `d` field nor a `h` field is present, or if both are present."
        var descriptionCount = fields.Descriptions.Count + fields.DescriptionHashes.Count;
        if (descriptionCount == 0)
            return Fail(Bolt11ErrorKind.MissingDescription, "neither a description (d) nor a description hash (h) field", out error);
        if (descriptionCount > 1)
            return Fail(Bolt11ErrorKind.MultipleDescriptions, "more than one description (d) or description hash (h) field", out error);

        var signingHash = SigningHash(hrp, words.AsSpan(0, fieldsEnd));
        var signature = InvoiceWords.ToBytes(words.AsSpan(fieldsEnd));
        if (!TryCheckSignature(signature, signingHash, fields.Payee, out var payee, out error))
            return false;

        invoice = new Bolt11Invoice
        {
            Encoded = Bech32.Encode(hrp, words, Bech32Variant.Bech32),
            HumanReadablePart = hrp,
            Network = network,
            Amount = amount,
            Timestamp = timestamp,
            PaymentHash = paymentHash,
            PaymentSecret = paymentSecret,
            Description = fields.Descriptions.Count == 1 ? fields.Descriptions[0] : null,
            DescriptionHash = fields.DescriptionHashes.Count == 1 ? fields.DescriptionHashes[0] : null,
            Payee = payee,
            HasPayeeField = fields.Payee is not null,
            Expiry = fields.Expiry ?? Bolt11Invoice.DefaultExpiry,
            MinFinalCltvExpiryDelta = fields.MinFinalCltvExpiryDelta ?? Bolt11Invoice.DefaultMinFinalCltvExpiryDelta,
            Fallbacks = fields.Fallbacks.AsReadOnly(),
            RouteHints = fields.RouteHints.AsReadOnly(),
            Features = fields.Features ?? FeatureBits.Empty,
            PaymentMetadata = fields.PaymentMetadata,
            Fields = fields.All.AsReadOnly(),
            Signature = ByteVector.TakeOwnership(signature),
            SigningHash = Bytes32.FromSpan(signingHash),
        };
        return true;
    }

    /// <summary>
    /// BOLT #11: "MUST set `signature` to a valid compact ECDSA signature over secp256k1 of the SHA-256 hash of: the
    /// human-readable part (as UTF-8 bytes) concatenated with the data part (excluding the signature), with 0 bits
    /// appended to pad to a byte boundary."
    /// </summary>
    internal static byte[] SigningData(string hrp, ReadOnlySpan<byte> dataWords)
    {
        var hrpBytes = Encoding.UTF8.GetBytes(hrp);
        var data = InvoiceWords.ToBytesPadded(dataWords);
        return [.. hrpBytes, .. data];
    }

    internal static byte[] SigningHash(string hrp, ReadOnlySpan<byte> dataWords) => Sha256.Hash(SigningData(hrp, dataWords));

    /// <summary>
    /// BOLT #11: "MUST parse the address as Bech32, as specified in BIP-0173 (also without the character limit)." The
    /// structure is checked here so that each fault gets its own error; what <see cref="Bech32.TryDecode"/> can still
    /// refuse afterwards is the checksum alone.
    /// </summary>
    private static bool TryReadBech32(string text, [NotNullWhen(true)] out string? hrp, [NotNullWhen(true)] out byte[]? words, out Bolt11Error error)
    {
        hrp = null;
        words = null;
        if (text.Length > Bolt11Invoice.MaxLength)
            return Fail(Bolt11ErrorKind.TooLong, $"{text.Length} characters (we read at most {Bolt11Invoice.MaxLength})", out error);
        bool hasLower = false, hasUpper = false;
        foreach (var c in text)
        {
            if (c is < (char)33 or > (char)126)
                return Fail(Bolt11ErrorKind.MalformedBech32, $"character U+{(int)c:X4} is not printable ASCII", out error);
            hasLower |= char.IsAsciiLetterLower(c);
            hasUpper |= char.IsAsciiLetterUpper(c);
        }
        // BOLT #11: "Note: this includes handling uppercase as specified by BIP-0173"
        if (hasLower && hasUpper)
            return Fail(Bolt11ErrorKind.MixedCase, "mixes upper and lower case", out error);
        var separator = text.LastIndexOf('1');
        if (separator < 1)
            return Fail(Bolt11ErrorKind.MissingSeparator, "no '1' separating the human-readable part from the data", out error);
        if (text.Length - separator - 1 < 6)
            return Fail(Bolt11ErrorKind.MalformedBech32, "no room for the 6-character checksum", out error);
        for (var i = separator + 1; i < text.Length; i++)
        {
            if (!InvoiceWords.Charset.Contains(char.ToLowerInvariant(text[i]), StringComparison.Ordinal))
                return Fail(Bolt11ErrorKind.MalformedBech32, $"'{text[i]}' is not a bech32 character", out error);
        }
        // BOLT #11: "if the checksum is incorrect: - MUST fail the payment."
        if (!Bech32.TryDecode(text, Bolt11Invoice.MaxLength, out hrp, out words, out var variant, out var reason))
            return Fail(Bolt11ErrorKind.InvalidChecksum, $"bech32 {reason}", out error);
        if (variant != Bech32Variant.Bech32)
            return Fail(Bolt11ErrorKind.InvalidChecksum, "a bech32m checksum; invoices use bech32 (BIP-0173)", out error);
        error = Bolt11Error.None;
        return true;
    }

    /// <summary>The prefix is <c>ln</c> and the currency letters up to the first digit; the amount is what follows.</summary>
    private static bool TryReadHumanReadablePart(string hrp, [NotNullWhen(true)] out Network? network, out MilliSatoshi? amount, out Bolt11Error error)
    {
        amount = null;
        var amountStart = 0;
        while (amountStart < hrp.Length && !char.IsAsciiDigit(hrp[amountStart]))
            amountStart++;
        var prefix = hrp[..amountStart];
        network = Network.All.FirstOrDefault(n => string.Equals(n.InvoicePrefix, prefix, StringComparison.Ordinal));
        // BOLT #11: "if it does NOT understand the `prefix`: - MUST fail the payment."
        if (network is null)
            return Fail(Bolt11ErrorKind.UnknownPrefix, $"unknown prefix '{prefix}' (expected lnbc, lntb, lntbs or lnbcrt)", out error);
        if (amountStart == hrp.Length)
        {
            // BOLT #11: "if the `amount` is empty: - SHOULD indicate to the payer that amount is unspecified."
            error = Bolt11Error.None;
            return true;
        }
        if (!InvoiceAmount.TryParse(hrp.AsSpan(amountStart), out var parsed, out error))
            return false;
        amount = parsed;
        return true;
    }

    private static bool TryCheckSignature(byte[] signature, byte[] signingHash, NodeId? payeeField, [NotNullWhen(true)] out NodeId? payee,
        out Bolt11Error error)
    {
        payee = null;
        // BOLT #11: "The signature is encoded as 64 bytes (R || S), followed by a trailing 1-byte recovery id in {0,1,2,3}."
        var recoveryId = signature[64];
        if (recoveryId > 3)
            return Fail(Bolt11ErrorKind.UnrecoverableSignature, $"recovery id {recoveryId} is not in 0-3", out error);
        if (payeeField is not null)
        {
            // BOLT #11: "MUST use the `n` field to validate the signature instead of performing public-key recovery."
            if (!EcdsaSignature.TryParseCompact(signature.AsSpan(0, 64), out var ecdsa))
                return Fail(Bolt11ErrorKind.SignatureMismatch, "the signature's R or S is out of range", out error);
            // BOLT #11: "If the signature is not compliant with the low-S standard rule"
            if (!ecdsa.IsLowS)
                return Fail(Bolt11ErrorKind.HighSSignature, "high-S signature with an n field", out error);
            if (!payeeField.Key.Verify(signingHash, ecdsa))
                return Fail(Bolt11ErrorKind.SignatureMismatch, "the signature was not made by the n field's key", out error);
            payee = payeeField;
            error = Bolt11Error.None;
            return true;
        }
        // BOLT #11: "MUST perform ECDSA public-key recovery and accept both high-S and low-S signatures."
        if (!RecoverableSignature.TryParseCompact(signature.AsSpan(0, 64), recoveryId, out var recoverable)
            || !recoverable.TryRecover(signingHash, out var key))
            return Fail(Bolt11ErrorKind.UnrecoverableSignature, "no public key can be recovered from the signature", out error);
        payee = new NodeId(key);
        error = Bolt11Error.None;
        return true;
    }

    private static bool Fail(Bolt11ErrorKind kind, string detail, out Bolt11Error error)
    {
        error = new Bolt11Error(kind, detail);
        return false;
    }

    /// <summary>Walks the tagged fields, keeping every one and interpreting those BOLT 11 defines.</summary>
    private sealed class FieldReader
    {
        public List<TaggedField> All { get; } = [];
        public PaymentHash? PaymentHash { get; private set; }
        public PaymentSecret? PaymentSecret { get; private set; }
        public List<string> Descriptions { get; } = [];
        public List<Bytes32> DescriptionHashes { get; } = [];
        public NodeId? Payee { get; private set; }
        public TimeSpan? Expiry { get; private set; }
        public CltvExpiryDelta? MinFinalCltvExpiryDelta { get; private set; }
        public List<FallbackAddress> Fallbacks { get; } = [];
        public List<RouteHint> RouteHints { get; } = [];
        public FeatureBits? Features { get; private set; }
        public ByteVector? PaymentMetadata { get; private set; }

        public bool TryReadAll(ReadOnlySpan<byte> words, out Bolt11Error error)
        {
            var position = 0;
            while (position < words.Length)
            {
                // BOLT #11: "`type` (5 bits)", "`data_length` (10 bits, big-endian)", "`data` (`data_length` x 5 bits)"
                if (words.Length - position < 3)
                    return Fail(Bolt11ErrorKind.TruncatedField, "a tagged field header is cut short by the signature", out error);
                var type = (InvoiceFieldType)words[position];
                var length = words[position + 1] * 32 + words[position + 2];
                position += 3;
                if (length > words.Length - position)
                    return Fail(Bolt11ErrorKind.TruncatedField,
                        $"the {InvoiceWords.Charset[(int)type]} field's {length} words run into the signature", out error);
                var data = words.Slice(position, length);
                position += length;
                All.Add(new TaggedField(type, new ByteVector(data)));
                if (!TryInterpret(type, data, out error))
                    return false;
            }
            error = Bolt11Error.None;
            return true;
        }

        // BOLT #11: "MUST fail the payment if any field with fixed `data_length` (`p`, `h`, `s`, `n`) does not have the correct length (52, 52, 52, 53)."
        // That sentence contradicts the spec's own valid example "Same, but including fields which must be ignored", whose
        // p, h, s and n fields of lengths 51/53, 51/53, 51/53 and 52/54 are each marked "(ignored)". We follow the example
        // (as Electrum and the spec's earlier wording did): such a field is kept in Fields and otherwise skipped.
        private bool TryInterpret(InvoiceFieldType type, ReadOnlySpan<byte> data, out Bolt11Error error)
        {
            error = Bolt11Error.None;
            switch (type)
            {
                case InvoiceFieldType.PaymentHash when data.Length == PaymentHashWords:
                    // BOLT #11: "SHOULD use the first `p` field as the payment hash."
                    PaymentHash ??= Types.PaymentHash.FromSpan(InvoiceWords.ToBytes(data));
                    return true;
                case InvoiceFieldType.PaymentSecret when data.Length == PaymentHashWords:
                    PaymentSecret ??= Invoices.PaymentSecret.FromSpan(InvoiceWords.ToBytes(data));
                    return true;
                case InvoiceFieldType.DescriptionHash when data.Length == PaymentHashWords:
                    DescriptionHashes.Add(Bytes32.FromSpan(InvoiceWords.ToBytes(data)));
                    return true;
                case InvoiceFieldType.PayeeNodeId when data.Length == PayeeNodeIdWords:
                    // BOLT #11: "if a valid `n` field is provided:" — a 53-word field that is not a point is not valid, so recovery applies.
                    if (Payee is null && NodeId.TryCreate(InvoiceWords.ToBytes(data), out var nodeId))
                        Payee = nodeId;
                    return true;
                case InvoiceFieldType.Description:
                    try
                    {
                        Descriptions.Add(StrictUtf8.GetString(InvoiceWords.ToBytes(data)));
                    }
                    catch (ArgumentException)
                    {
                        return Fail(Bolt11ErrorKind.InvalidDescription, "the description (d) is not valid UTF-8", out error);
                    }
                    return true;
                case InvoiceFieldType.Expiry:
                    if (!TryReadUnsigned(data, 'x', MaxExpirySeconds, out var seconds, out error))
                        return false;
                    Expiry ??= TimeSpan.FromSeconds((long)seconds);
                    return true;
                case InvoiceFieldType.MinFinalCltvExpiryDelta:
                    if (!TryReadUnsigned(data, 'c', ushort.MaxValue, out var blocks, out error))
                        return false;
                    MinFinalCltvExpiryDelta ??= new CltvExpiryDelta((ushort)blocks);
                    return true;
                case InvoiceFieldType.FallbackAddress:
                    return TryReadFallback(data, out error);
                case InvoiceFieldType.RouteHint:
                    return TryReadRouteHint(data, out error);
                case InvoiceFieldType.Features:
                    return TryReadFeatures(data, out error);
                case InvoiceFieldType.PaymentMetadata:
                    PaymentMetadata ??= ByteVector.TakeOwnership(InvoiceWords.ToBytes(data));
                    return true;
                default:
                    // Unknown types, and p/h/s/n of the wrong length: kept, not interpreted.
                    return true;
            }
        }

        private static bool TryReadUnsigned(ReadOnlySpan<byte> data, char letter, ulong max, out ulong value, out Bolt11Error error)
        {
            value = 0;
            // BOLT #11: "if a `c`, `x`, or `9` field is provided which has a non-minimal `data_length` (i.e. begins with 0 field elements): - SHOULD treat the invoice as invalid."
            if (InvoiceWords.HasLeadingZero(data))
                return Fail(Bolt11ErrorKind.NonMinimalField, $"the {letter} field starts with a zero word", out error);
            if (data.Length <= 12)
                value = InvoiceWords.ToUInt64(data);
            if (data.Length > 12 || value > max)
                return Fail(Bolt11ErrorKind.FieldValueTooLarge, $"the {letter} field's value is above {max}", out error);
            error = Bolt11Error.None;
            return true;
        }

        private bool TryReadFallback(ReadOnlySpan<byte> data, out Bolt11Error error)
        {
            error = Bolt11Error.None;
            // BOLT #11: "MUST skip over `f` fields that use an unknown `version`."
            if (data.IsEmpty || data[0] > FallbackAddress.P2ShVersion)
                return true;
            if (!FallbackAddress.TryCreate(data[0], InvoiceWords.ToBytes(data[1..]), out var fallback, out var reason))
                return Fail(Bolt11ErrorKind.InvalidFallbackAddress, reason, out error);
            Fallbacks.Add(fallback);
            return true;
        }

        private bool TryReadRouteHint(ReadOnlySpan<byte> data, out Bolt11Error error)
        {
            var bytes = InvoiceWords.ToBytes(data);
            if (bytes.Length == 0 || bytes.Length % RouteHintHop.Length != 0)
                return Fail(Bolt11ErrorKind.InvalidRouteHint, $"{bytes.Length} bytes are not a whole number of {RouteHintHop.Length}-byte hops", out error);
            var hops = new List<RouteHintHop>(bytes.Length / RouteHintHop.Length);
            for (var offset = 0; offset < bytes.Length; offset += RouteHintHop.Length)
            {
                if (!RouteHintHop.TryRead(bytes.AsSpan(offset, RouteHintHop.Length), out var hop))
                    return Fail(Bolt11ErrorKind.InvalidRouteHint, $"hop {hops.Count} has an invalid node key", out error);
                hops.Add(hop);
            }
            RouteHints.Add(new RouteHint(hops));
            error = Bolt11Error.None;
            return true;
        }

        private bool TryReadFeatures(ReadOnlySpan<byte> data, out Bolt11Error error)
        {
            // BOLT #11: "MUST use the minimum `data_length` possible to encode the non-zero bits with no 0 field-elements at the start."
            if (!data.IsEmpty && data[0] == 0)
                return Fail(Bolt11ErrorKind.NonMinimalField, "the 9 field starts with a zero word", out error);
            var bits = new List<int>();
            for (var i = 0; i < data.Length; i++)
            {
                var word = data[data.Length - 1 - i];
                for (var k = 0; k < 5; k++)
                {
                    if ((word & (1 << k)) != 0)
                        bits.Add(5 * i + k);
                }
            }
            foreach (var bit in bits)
            {
                // BOLT #11: "if the `9` field contains unknown _even_ bits that are non-zero: - MUST fail the payment."
                // Odd unknown bits are ignored ("MUST ignore the bit") but kept, so the vector re-encodes as written.
                if (bit % 2 == 0 && !KnownFeatures.TryGetByBit(bit, out _))
                    return Fail(Bolt11ErrorKind.UnknownRequiredFeature, $"unknown required feature bit {bit}", out error);
            }
            Features ??= FeatureBits.FromBits(bits);
            error = Bolt11Error.None;
            return true;
        }
    }
}
