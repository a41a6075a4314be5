using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Fees;
using Fulgur.Crypto;
using Fulgur.Protocol.Channels;
using Fulgur.Protocol.Channels.Core;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Features;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Protocol.Tests.Channels.Core;

public sealed class OpeningTests
{
    private static OpenChannelMessage ValidOpen()
    {
        var pair = new ChannelPair();
        var step = pair.A.Core.Open(pair.ConfigA, new ChannelId(Bytes32.FromSpan(Sha256.Hash([1]))), new Satoshi(1_000_000), new MilliSatoshi(0), new FeeRate(2500));
        return Assert.IsType<OpenChannelMessage>(Assert.Single(step.Outbound));
    }

    private static ChannelStep Fundee(OpenChannelMessage open) =>
        new ChannelCore(new ChannelKeysSigner(TestChannelKeys.Create(12))).OnOpenChannel(ChannelConfig.Default(ChannelPair.Chain), open);

    [Fact]
    public void OpenChannel_Valid_IsAccepted()
    {
        var step = Fundee(ValidOpen());
        Assert.Null(step.Failure);
        var accept = Assert.IsType<AcceptChannelMessage>(Assert.Single(step.Outbound));
        Assert.Equal(ValidOpen().ChannelType, accept.ChannelType);
    }

    public static TheoryData<string> Violations => new()
    {
        "chain", "push", "delay", "max_htlcs", "feerate_low", "feerate_high", "no_type", "anchors_type", "dust_small", "dust_over_reserve", "funding_small",
        "large", "fee",
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public void OpenChannel_Violation_Closes(string violation)
    {
        var o = ValidOpen();
        o = violation switch
        {
            "chain" => o with { ChainHash = ChainHash.Bitcoin },
            "push" => o with { PushMsat = new MilliSatoshi(1_000_000_001) },
            "delay" => o with { ToSelfDelay = new ToSelfDelay(5000) },
            "max_htlcs" => o with { MaxAcceptedHtlcs = 484 },
            "feerate_low" => o with { FeeratePerKw = new FeeRate(100) },
            "feerate_high" => o with { FeeratePerKw = new FeeRate(1_000_000) },
            "no_type" => o with { ChannelType = null },
            "anchors_type" => o with { ChannelType = FeatureBits.FromBits(22) },
            "dust_small" => o with { DustLimitSatoshis = new Satoshi(353) },
            "dust_over_reserve" => o with { DustLimitSatoshis = new Satoshi(20_000) },
            "funding_small" => o with { FundingSatoshis = new Satoshi(1000) },
            "large" => o with { FundingSatoshis = new Satoshi(1L << 24) },
            "fee" => o with { FundingSatoshis = new Satoshi(30_000), FeeratePerKw = new FeeRate(90_000), PushMsat = new MilliSatoshi(0) },
            _ => o,
        };
        var step = Fundee(o);
        Assert.Equal(ChannelErrorKind.Close, step.Failure?.Kind);
        Assert.Empty(step.Outbound);
    }

    [Fact]
    public void AcceptChannel_DifferentChannelType_Closes()
    {
        var pair = new ChannelPair();
        pair.Apply(pair.A, pair.A.Core.Open(pair.ConfigA, new ChannelId(Bytes32.FromSpan(Sha256.Hash([1]))), new Satoshi(1_000_000), new MilliSatoshi(0), new FeeRate(2500)));
        pair.Apply(pair.B, pair.B.Core.OnOpenChannel(pair.ConfigB, (OpenChannelMessage)pair.B.Inbox.Dequeue()));
        var accept = (AcceptChannelMessage)pair.A.Inbox.Dequeue();
        Assert.Equal(ChannelErrorKind.Close, pair.A.Core.Receive(pair.A.State, accept with { ChannelType = null }).Failure?.Kind);
        Assert.Equal(ChannelErrorKind.Close, pair.A.Core.Receive(pair.A.State, accept with { MaxAcceptedHtlcs = 500 }).Failure?.Kind);
        Assert.Equal(ChannelErrorKind.Close, pair.A.Core.Receive(pair.A.State, accept with { ChannelReserveSatoshis = new Satoshi(100) }).Failure?.Kind);
        Assert.Null(pair.A.Core.Receive(pair.A.State, accept).Failure);
    }

    [Fact]
    public void FundingCreated_BadSignature_Closes()
    {
        var pair = new ChannelPair { ThrowOnFailure = false };
        pair.Apply(pair.A, pair.A.Core.Open(pair.ConfigA, new ChannelId(Bytes32.FromSpan(Sha256.Hash([1]))), new Satoshi(1_000_000), new MilliSatoshi(0), new FeeRate(2500)));
        pair.DeliverAll();
        var request = pair.A.Events.OfType<FundingRequested>().Single();
        var step = pair.A.Core.FundingCreated(pair.A.State, new Fulgur.Bitcoin.Transactions.OutPoint(Fulgur.Bitcoin.Transactions.TxId.Zero, 1));
        var created = Assert.IsType<FundingCreatedMessage>(Assert.Single(step.Outbound));
        using var key = PrivateKey.Create(Sha256.Hash([5]));
        var bad = created with { Signature = key.Sign(Sha256.Hash([9])) };
        Assert.Equal(ChannelErrorKind.Close, pair.B.Core.Receive(pair.B.State, bad).Failure?.Kind);
        Assert.NotNull(request);
    }
}
