using System.Text.Json;
using CsCheck;
using Fulgur.Crypto;
using Fulgur.Protocol.Invoices;
using Fulgur.Protocol.Onion;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire;
using Fulgur.TestKit;

namespace Fulgur.Protocol.Tests.Onion;

public sealed class HopPayloadTests
{
    private static byte[][] VectorPayloads()
    {
        using var doc = JsonDocument.Parse(SharedData.ReadText("bolts/bolt04/onion-test.json"));
        return doc.RootElement.GetProperty("generate").GetProperty("hops").EnumerateArray()
            .Select(h =>
            {
                var prefixed = Hex.Decode(h.GetProperty("payload").GetString()!);
                Assert.True(HopPayloadLength.TryRead(prefixed, out _, out var consumed));
                return prefixed[consumed..];
            })
            .ToArray();
    }

    [SkippableFact]
    public void OnionTestJsonPayloads_DecodeAndReencodeByteForByte()
    {
        var payloads = VectorPayloads();
        for (var i = 0; i < payloads.Length; i++)
        {
            Assert.True(HopPayload.TryRead(payloads[i], out var hop, out var error), $"hop {i}: {error}");
            Assert.Equal(Hex.Encode(payloads[i]), Hex.Encode(hop.ToArray()));
            Assert.True(hop.TryValidate(isFinalNode: i == payloads.Length - 1, out var failure), failure?.ToString());
        }
    }

    [SkippableFact]
    public void OnionTestJsonPayloads_HaveTheExpectedFields()
    {
        var payloads = VectorPayloads();
        Assert.True(HopPayload.TryRead(payloads[0], out var first, out _));
        Assert.Equal(new MilliSatoshi(15000), first.AmtToForward);
        Assert.Equal(new CltvExpiry(1500), first.OutgoingCltvValue);
        Assert.Equal(new ShortChannelId(1), first.ShortChannelId);
        Assert.True(first.UnknownRecords.IsEmpty);

        // Hop 1 carries an unknown odd record (type 513), which is kept.
        Assert.True(HopPayload.TryRead(payloads[1], out var second, out _));
        Assert.True(second.UnknownRecords.Contains(513));

        Assert.True(HopPayload.TryRead(payloads[4], out var last, out _));
        Assert.Null(last.ShortChannelId);
        Assert.NotNull(last.PaymentData);
        Assert.Equal(new MilliSatoshi(10000), last.PaymentData.Value.TotalMsat);
        Assert.Equal(new MilliSatoshi(10000), last.TotalMsat);
        Assert.False(last.TryValidate(isFinalNode: false, out var failure));
        Assert.Equal(new InvalidOnionPayload(HopPayload.ShortChannelIdType, 0), failure);
    }

    [Fact]
    public void ForwardingPayload_HasTheSpecEncoding()
    {
        var payload = HopPayload.ForForwarding(new MilliSatoshi(15000), new CltvExpiry(1500), new ShortChannelId(1));
        Assert.Equal("02023a98" + "040205dc" + "06080000000000000001", Hex.Encode(payload.ToArray()));
    }

    [Fact]
    public void FinalPayload_RoundTripsWithPaymentDataAndMetadata()
    {
        var secret = PaymentSecret.FromSpan(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
        var payload = HopPayload.ForFinalNode(new MilliSatoshi(1), new CltvExpiry(0), new PaymentData(secret, new MilliSatoshi(300)),
            ByteVector.FromHex("beef"));
        Assert.True(HopPayload.TryRead(payload.ToArray(), out var decoded, out _));
        Assert.Equal(payload.AmtToForward, decoded.AmtToForward);
        Assert.Equal(payload.OutgoingCltvValue, decoded.OutgoingCltvValue);
        Assert.Equal(payload.PaymentData, decoded.PaymentData);
        Assert.Equal(payload.PaymentMetadata, decoded.PaymentMetadata);
        Assert.True(decoded.TryValidate(isFinalNode: true, out _));
    }

    [Theory]
    [InlineData("02023a98" + "0e00", WireErrorKind.TlvUnknownEvenType)] // unknown even type 14
    [InlineData("040205dc" + "02023a98", WireErrorKind.TlvNotIncreasing)]
    [InlineData("0202003a", WireErrorKind.TlvInvalidValue)] // tu64 with a leading zero
    [InlineData("060700000000000000", WireErrorKind.TlvInvalidValue)] // short_channel_id of 7 bytes
    [InlineData("080a00", WireErrorKind.TlvLengthExceedsRemaining)]
    [InlineData("0821" + "0000000000000000000000000000000000000000000000000000000000000000" + "00", WireErrorKind.TlvInvalidValue)]
    [InlineData("0c03020304", WireErrorKind.TlvInvalidValue)] // current_path_key that is no point
    public void BadPayloads_AreRefusedWithAnError(string hex, WireErrorKind kind)
    {
        Assert.False(HopPayload.TryRead(Hex.Decode(hex), out var payload, out var error));
        Assert.Null(payload);
        Assert.Equal(kind, error.Kind);
    }

    [Fact]
    public void UnknownOddTypes_AreKeptAndReencoded()
    {
        var hex = "02023a98" + "040205dc" + "0701ff" + "fd0201" + "02abcd";
        Assert.True(HopPayload.TryRead(Hex.Decode(hex), out var payload, out _));
        Assert.Equal(2, payload.UnknownRecords.Count);
        Assert.Equal(hex, Hex.Encode(payload.ToArray()));
    }

    [Fact]
    public void Validation_FollowsTheReaderRules()
    {
        var forward = HopPayload.ForForwarding(new MilliSatoshi(1), new CltvExpiry(2), new ShortChannelId(3));
        Assert.True(forward.TryValidate(false, out _));
        Assert.False((forward with { AmtToForward = null }).TryValidate(true, out var failure));
        Assert.Equal(HopPayload.AmtToForwardType, failure.Type);
        Assert.False((forward with { OutgoingCltvValue = null }).TryValidate(true, out failure));
        Assert.Equal(HopPayload.OutgoingCltvValueType, failure.Type);
        Assert.False((forward with { ShortChannelId = null }).TryValidate(false, out failure));
        Assert.Equal(HopPayload.ShortChannelIdType, failure.Type);
        Assert.True((forward with { ShortChannelId = null }).TryValidate(true, out _));
        Assert.False((forward with { CurrentPathKey = PrivateKey.Generate().PublicKey }).TryValidate(false, out failure));
        Assert.Equal(HopPayload.CurrentPathKeyType, failure.Type);
    }

    [Fact]
    public void RandomForwardingPayloads_RoundTrip()
    {
        (from amount in Gen.Long[0, MilliSatoshi.MaxMoney.Value]
         from cltv in Gen.UInt
         from scid in Gen.ULong
         select HopPayload.ForForwarding(new MilliSatoshi(amount), new CltvExpiry(cltv), new ShortChannelId(scid))).Sample(p =>
        {
            var bytes = p.ToArray();
            Assert.True(HopPayload.TryRead(bytes, out var decoded, out _));
            Assert.Equal(p.AmtToForward, decoded.AmtToForward);
            Assert.Equal(p.OutgoingCltvValue, decoded.OutgoingCltvValue);
            Assert.Equal(p.ShortChannelId, decoded.ShortChannelId);
            Assert.Equal(Hex.Encode(bytes), Hex.Encode(decoded.ToArray()));
        });
    }

    [Fact]
    public void RandomBytes_NeverThrow()
    {
        Gen.Byte.Array[0, 120].Sample(bytes =>
        {
            if (HopPayload.TryRead(bytes, out var payload, out _))
                Assert.Equal(Hex.Encode(bytes), Hex.Encode(payload.ToArray()));
        }, iter: 5000);
    }
}
