namespace Fulgur.Protocol.Gossip;

/// <summary>What to send the peer that gave us a gossip message, beyond dropping or keeping it.</summary>
public enum GossipResponse
{
    /// <summary>Nothing.</summary>
    None,

    /// <summary>Send a <c>warning</c>; the connection may stay up.</summary>
    Warn,

    /// <summary>Send a <c>warning</c> and close the connection.</summary>
    WarnAndDisconnect,
}

/// <summary>Why a gossip message was refused or restricted.</summary>
public enum GossipProblem
{
    None,
    InvalidSignature,
    UnknownChain,
    NodeIdsNotOrdered,
    UnknownRequiredFeatures,
    UnknownNode,
    Stale,
    Duplicate,
    SameTimestampDifferentContent,
    TimestampTooFarInFuture,
    FundingOutputSpent,
    AddressesTruncated,
    SeveralHostnames,
    HtlcMaximumBelowMinimum,
    HtlcMaximumAboveCapacity,
    ShortChannelIdMismatch,
}

/// <summary>Limits on what the node may do with an accepted gossip message.</summary>
[Flags]
public enum GossipRestrictions
{
    None = 0,

    /// <summary>Keep it, but do not forward it to other peers.</summary>
    DoNotRelay = 1,

    /// <summary>Do not route payments through this channel direction or node.</summary>
    DoNotRouteThrough = 2,

    /// <summary>Do not open connections to this node.</summary>
    DoNotConnect = 4,
}

/// <summary>
/// The result of checking a gossip message: accepted (perhaps with restrictions) or ignored, with what to tell
/// the peer. Pure data for the gossip engine to act on; <see cref="Problem"/> says why.
/// </summary>
public sealed record GossipVerdict(bool IsAccepted, GossipResponse Response, GossipProblem Problem, GossipRestrictions Restrictions,
    string Detail)
{
    public static readonly GossipVerdict Accepted = new(true, GossipResponse.None, GossipProblem.None, GossipRestrictions.None, "");

    /// <summary>Accepted, with <paramref name="restrictions"/> because of <paramref name="problem"/>.</summary>
    public static GossipVerdict AcceptWith(GossipRestrictions restrictions, GossipProblem problem, string detail,
        GossipResponse response = GossipResponse.None) =>
        new(true, response, problem, restrictions, detail);

    /// <summary>Dropped quietly.</summary>
    public static GossipVerdict Ignore(GossipProblem problem, string detail) =>
        new(false, GossipResponse.None, problem, GossipRestrictions.None, detail);

    /// <summary>Dropped, and the peer is told.</summary>
    public static GossipVerdict Reject(GossipProblem problem, GossipResponse response, string detail) =>
        new(false, response, problem, GossipRestrictions.None, detail);

    /// <summary>This verdict with more restrictions (accepted verdicts only).</summary>
    internal GossipVerdict Restrict(GossipRestrictions more, GossipProblem problem, string detail) =>
        this with
        {
            Restrictions = Restrictions | more,
            Problem = Problem == GossipProblem.None ? problem : Problem,
            Detail = Detail.Length == 0 ? detail : $"{Detail}; {detail}",
        };

    public override string ToString()
    {
        var text = IsAccepted ? "accepted" : "ignored";
        if (Problem != GossipProblem.None)
            text += $" ({Problem}: {Detail})";
        if (Response != GossipResponse.None)
            text += $", {Response}";
        if (Restrictions != GossipRestrictions.None)
            text += $", {Restrictions}";
        return text;
    }
}
