using Fulgur.Protocol.Types;

namespace Fulgur.Node.Routing;

/// <summary>BOLT #4 failure code flags ("The top byte of `failure_code` can be read as a set of flags").</summary>
[Flags]
public enum FailureCodeBits : ushort
{
    None = 0,
    BadOnion = 0x8000,
    Perm = 0x4000,
    Node = 0x2000,
    Update = 0x1000,
}

/// <summary>
/// A routing failure as the payment lifecycle attributes it: the erring node, the channel (and direction) it
/// failed to forward over (null when the failing hop is not a channel, e.g. the final node), the BOLT #4
/// <c>failure_code</c>, and the <c>channel_update</c> it carried, already validated by the caller.
/// </summary>
public sealed record RoutingFailure(
    NodeId ErringNode,
    ShortChannelId? ErringChannel,
    ChannelDirection ErringDirection,
    ushort FailureCode,
    ChannelDirectionUpdate? Update = null,
    bool FromFinalNode = false)
{
    public FailureCodeBits Flags => (FailureCodeBits)(FailureCode & 0xF000);

    public bool Has(FailureCodeBits flag) => (Flags & flag) == flag;
}

/// <summary>What <see cref="RouteTable.Apply"/> changed.</summary>
[Flags]
public enum RouteTableChange
{
    None = 0,
    UpdateApplied = 1,
    ChannelExcludedTemporarily = 2,
    ChannelRemoved = 4,
    NodeExcludedTemporarily = 8,
    NodeExcludedPermanently = 16,
}
