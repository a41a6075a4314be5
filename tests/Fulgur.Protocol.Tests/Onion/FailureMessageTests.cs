using System.Text.RegularExpressions;
using CsCheck;
using Fulgur.Crypto;
using Fulgur.Protocol.Onion;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire;
using Fulgur.TestKit;

namespace Fulgur.Protocol.Tests.Onion;

public sealed partial class FailureMessageTests
{
    private static readonly ByteVector Update = ByteVector.FromHex("0102030405");
    private static readonly Bytes32 OnionHash = Bytes32.FromSpan(Sha256.Hash("onion"u8));

    /// <summary>One instance of every code we know, with data.</summary>
    public static TheoryData<FailureMessage> Samples() => new(AllSamples());

    private static FailureMessage[] AllSamples() =>
    [
        new InvalidRealm(),
        new TemporaryNodeFailure(),
        new PermanentNodeFailure(),
        new RequiredNodeFeatureMissing(),
        new InvalidOnionVersion(OnionHash),
        new InvalidOnionHmac(OnionHash),
        new InvalidOnionKey(OnionHash),
        new TemporaryChannelFailure(Update),
        new PermanentChannelFailure(),
        new RequiredChannelFeatureMissing(),
        new UnknownNextPeer(),
        new AmountBelowMinimum(new MilliSatoshi(1_000), Update),
        new FeeInsufficient(new MilliSatoshi(123_456_789), Update),
        new IncorrectCltvExpiry(new CltvExpiry(800_144), Update),
        new ExpiryTooSoon(ByteVector.Empty),
        new IncorrectOrUnknownPaymentDetails(new MilliSatoshi(100), new BlockHeight(800_000)),
        new IncorrectPaymentAmount(),
        new FinalExpiryTooSoon(),
        new FinalIncorrectCltvExpiry(new CltvExpiry(700_000)),
        new FinalIncorrectHtlcAmount(new MilliSatoshi(5_000)),
        new ChannelDisabled(0, Update),
        new ExpiryTooFar(),
        new InvalidOnionPayload(300, 12),
        new MppTimeout(),
        new InvalidOnionBlinding(OnionHash),
        new UnknownFailure(new FailureCode(0x2099), ByteVector.FromHex("cafe")),
    ];

    [Theory]
    [MemberData(nameof(Samples))]
    public void EveryFailure_RoundTrips(FailureMessage message)
    {
        var bytes = message.ToArray();
        Assert.Equal(message.Code, new FailureCode((ushort)((bytes[0] << 8) | bytes[1])));
        Assert.True(FailureMessage.TryRead(bytes, out var decoded, out var error), error.ToString());
        Assert.Equal(message, decoded);
        Assert.Equal(Hex.Encode(bytes), Hex.Encode(decoded.ToArray()));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void EveryFailure_WithTrailingTlv_KeepsItAsExtension(FailureMessage message)
    {
        var tlv = Hex.Decode("fd84d10380ff00");
        var bytes = message.ToArray().Concat(tlv).ToArray();
        Assert.True(FailureMessage.TryRead(bytes, out var decoded, out _));
        if (decoded is UnknownFailure unknown)
            Assert.EndsWith(Hex.Encode(tlv), unknown.Data.ToHex());
        else
            Assert.Equal(Hex.Encode(tlv), decoded.Extension.ToHex());
        Assert.Equal(Hex.Encode(bytes), Hex.Encode(decoded.ToArray()));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void EveryFailure_Truncated_IsAnErrorNotAnException(FailureMessage message)
    {
        var bytes = message.ToArray();
        var fixedData = message is UnknownFailure ? 2 : bytes.Length;
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var ok = FailureMessage.TryRead(bytes.AsSpan(0, cut), out var decoded, out var error);
            if (cut < 2 || cut < fixedData)
            {
                Assert.False(ok, $"{message.Name} cut at {cut} decoded as {decoded}");
                Assert.NotEqual(WireErrorKind.None, error.Kind);
            }
        }
    }

    [Fact]
    public void FeeInsufficient_HasTheSpecLayout()
    {
        var bytes = new FeeInsufficient(new MilliSatoshi(1000), ByteVector.FromHex("0102")).ToArray();
        // UPDATE|12, u64 htlc_msat, u16 len, channel_update
        Assert.Equal("100c" + "00000000000003e8" + "0002" + "0102", Hex.Encode(bytes));
    }

    [Fact]
    public void OnionErrorTestJsonMessage_2002_IsTemporaryNodeFailure()
    {
        Assert.True(FailureMessage.TryRead(Hex.Decode("2002"), out var message, out _));
        Assert.IsType<TemporaryNodeFailure>(message);
        Assert.Equal("WIRE_TEMPORARY_NODE_FAILURE", message.Name);
        Assert.True(message.Code.IsNode);
        Assert.False(message.Code.IsPermanent);
    }

    [Fact]
    public void SpecTraceMessage_IsIncorrectOrUnknownPaymentDetailsWithItsTlv()
    {
        var tlv = "fd84d1" + "fd012c" + string.Concat(Enumerable.Repeat("80", 300));
        var bytes = Hex.Decode("400f" + "0000000000000064" + "000c3500" + tlv);
        Assert.True(FailureMessage.TryRead(bytes, out var message, out _));
        var details = Assert.IsType<IncorrectOrUnknownPaymentDetails>(message);
        Assert.Equal(new MilliSatoshi(100), details.HtlcMsat);
        Assert.Equal(new BlockHeight(800_000), details.Height);
        Assert.Equal(tlv, details.Extension.ToHex());
        Assert.Equal(Hex.Encode(bytes), Hex.Encode(message.ToArray()));
    }

    [Fact]
    public void ChannelUpdate_IsExposedOnlyWhenCarried()
    {
        Assert.True(new TemporaryChannelFailure(Update).TryGetChannelUpdate(out var update));
        Assert.Equal(Update, update);
        Assert.False(new ExpiryTooSoon(ByteVector.Empty).TryGetChannelUpdate(out _));
        Assert.False(new UnknownNextPeer().TryGetChannelUpdate(out _));
    }

    [Fact]
    public void UnknownCode_DecodesWithItsFlags()
    {
        Assert.True(FailureMessage.TryRead(Hex.Decode("c0ff0102"), out var message, out _));
        var unknown = Assert.IsType<UnknownFailure>(message);
        Assert.True(unknown.Code.IsBadOnion);
        Assert.True(unknown.Code.IsPermanent);
        Assert.False(unknown.Code.IsKnown);
        Assert.Equal("0102", unknown.Data.ToHex());
        Assert.Equal("WIRE_UNKNOWN_FAILURE_0xc0ff", unknown.Name);
    }

    [Fact]
    public void BadDataForAKnownCode_StillYieldsTheCode()
    {
        var bytes = Hex.Decode("400f00");
        Assert.False(FailureMessage.TryRead(bytes, out _, out var error));
        Assert.Equal(WireErrorKind.Truncated, error.Kind);
        Assert.True(FailureMessage.TryReadCode(bytes, out var code));
        Assert.Equal(FailureCode.IncorrectOrUnknownPaymentDetails, code);
        Assert.False(FailureMessage.TryReadCode([0x40], out _));
    }

    [Fact]
    public void OnionErrors_MapToTheirFailures()
    {
        var onion = new byte[OnionPacket.PaymentPacketLength];
        var hash = Bytes32.FromSpan(Sha256.Hash(onion));
        Assert.Equal(new InvalidOnionVersion(hash), FailureMessage.ForOnionError(OnionError.InvalidVersion, onion));
        Assert.Equal(new InvalidOnionKey(hash), FailureMessage.ForOnionError(OnionError.InvalidKey, onion));
        Assert.Equal(new InvalidOnionHmac(hash), FailureMessage.ForOnionError(OnionError.InvalidHmac, onion));
        Assert.Equal(new InvalidOnionPayload(0, 0), FailureMessage.ForOnionError(OnionError.MalformedPayload, onion));
        foreach (var e in new[] { OnionError.InvalidVersion, OnionError.InvalidKey, OnionError.InvalidHmac, OnionError.MalformedPayload })
            Assert.Equal(e.ToFailureCode(), FailureMessage.ForOnionError(e, onion).Code);
    }

    [Fact]
    public void FailureCodes_HaveTheSpecValuesAndNames()
    {
        Assert.Equal(0x2002, FailureCode.TemporaryNodeFailure.Value);
        Assert.Equal(0x1007, FailureCode.TemporaryChannelFailure.Value);
        Assert.Equal(0x400a, FailureCode.UnknownNextPeer.Value);
        Assert.Equal(16394, FailureCode.UnknownNextPeer.Value);
        Assert.Equal(0x400f, FailureCode.IncorrectOrUnknownPaymentDetails.Value);
        Assert.Equal(0xc005, FailureCode.InvalidOnionHmac.Value);
        Assert.Equal(23, FailureCode.MppTimeout.Value);
        Assert.Equal("WIRE_TEMPORARY_CHANNEL_FAILURE", FailureCode.Name(FailureCode.TemporaryChannelFailure));
        Assert.Equal("WIRE_INCORRECT_OR_UNKNOWN_PAYMENT_DETAILS", FailureCode.Name(FailureCode.IncorrectOrUnknownPaymentDetails));
        Assert.Equal("WIRE_MPP_TIMEOUT", FailureCode.Name(new FailureCode(23)));
        Assert.Equal("WIRE_INVALID_REALM", FailureCode.Name(new FailureCode(0x4001)));
        Assert.True(FailureCode.FeeInsufficient.IsUpdate);
        Assert.True(FailureCode.PermanentNodeFailure is { IsPermanent: true, IsNode: true, IsBadOnion: false, IsUpdate: false });
    }

    [GeneratedRegex(@"^1\. type: ([A-Z|0-9]+) \(`([a-z_]+)`\)\s*\n(?:\s*\n)?(?:2\. data:\s*\n((?:\s+\* \[.*\]\s*\n)+))?", RegexOptions.Multiline)]
    private static partial Regex SpecFailureType();

    [GeneratedRegex(@"\[`([^`]+)`:`([^`]+)`\]")]
    private static partial Regex SpecField();

    /// <summary>
    /// Spec drift: every failure type listed in BOLT 4 "Failure Messages" has our value, name and a field layout of
    /// the size the spec's data fields add up to (with empty channel_update and a one-byte bigsize).
    /// </summary>
    [SkippableFact]
    public void SpecFailureList_MatchesOurCodesNamesAndLayouts()
    {
        var text = SharedData.ReadText("bolts/04-onion-routing.md");
        var start = text.IndexOf("## Failure Messages", StringComparison.Ordinal);
        var end = text.IndexOf("## Receiving Failure Codes", start, StringComparison.Ordinal);
        var section = text[start..end];
        var samples = new Dictionary<ushort, FailureMessage>();
        foreach (var m in AllSamples())
        {
            samples[m.Code.Value] = m switch
            {
                ChannelUpdateFailure u => u with { ChannelUpdate = ByteVector.Empty },
                _ => m,
            };
        }

        var seen = 0;
        foreach (Match m in SpecFailureType().Matches(section))
        {
            var value = 0;
            foreach (var part in m.Groups[1].Value.Split('|'))
            {
                value |= part switch
                {
                    "BADONION" => FailureCode.BadOnionFlag,
                    "PERM" => FailureCode.PermFlag,
                    "NODE" => FailureCode.NodeFlag,
                    "UPDATE" => FailureCode.UpdateFlag,
                    _ => int.Parse(part),
                };
            }
            var code = new FailureCode((ushort)value);
            var name = m.Groups[2].Value;
            Assert.Equal("WIRE_" + name.ToUpperInvariant(), FailureCode.Name(code));

            var expected = 2;
            foreach (Match f in SpecField().Matches(m.Groups[3].Value))
            {
                expected += f.Groups[1].Value switch
                {
                    "sha256" => 32,
                    "u64" => 8,
                    "u32" => 4,
                    "u16" => 2,
                    "bigsize" => 3, // our sample's type 300 takes fd + 2 bytes
                    "len*byte" => 0,
                    var t => throw new InvalidOperationException($"unexpected field type {t} in {name}"),
                };
            }
            Assert.Equal(expected, samples[code.Value].ToArray().Length);
            seen++;
        }
        Assert.Equal(22, seen);
    }

    [Fact]
    public void RandomBytes_NeverThrow()
    {
        Gen.Byte.Array[0, 80].Sample(bytes =>
        {
            if (FailureMessage.TryRead(bytes, out var message, out _))
                Assert.Equal(Hex.Encode(bytes), Hex.Encode(message.ToArray()));
        }, iter: 5000);
    }
}
