using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Fees;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Protocol.Channels.Core;

/// <summary>The limits one side asks of the other (what it sends in <c>open_channel</c>/<c>accept_channel</c>).</summary>
public sealed record ChannelLimits(
    Satoshi DustLimit,
    MaxHtlcValueInFlight MaxHtlcValueInFlight,
    Satoshi ChannelReserve,
    MilliSatoshi HtlcMinimum,
    ToSelfDelay ToSelfDelay,
    ushort MaxAcceptedHtlcs);

/// <summary>Our policy for a channel: what we ask of the peer and what we accept from it.</summary>
public sealed record ChannelConfig(
    ChainHash ChainHash,
    ChannelLimits Limits,
    uint MinimumDepth,
    ToSelfDelay MaxAcceptedToSelfDelay,
    FeeRate MinFeerate,
    FeeRate MaxFeerate,
    Satoshi MinFundingAmount,
    bool SupportLargeChannel)
{
    public static ChannelConfig Default(ChainHash chainHash) => new(
        chainHash,
        new ChannelLimits(new Satoshi(546), MaxHtlcValueInFlight.Unlimited, new Satoshi(10_000), new MilliSatoshi(1),
            new ToSelfDelay(144), 483),
        3, new ToSelfDelay(2016), FeeRate.Floor, new FeeRate(100_000), new Satoshi(20_000), false);
}
