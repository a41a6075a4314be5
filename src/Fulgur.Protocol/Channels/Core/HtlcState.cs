namespace Fulgur.Protocol.Channels.Core;

/// <summary>
/// The life of one update (an HTLC, or a fee change) through both commitments, in Core Lightning's order. Persisted:
/// only ever append. "SENT"/"RCVD" name who sent the message that caused the state.
/// </summary>
public enum HtlcState : byte
{
    // Offered by us.
    SentAddHtlc = 0,
    SentAddCommit = 1,
    RcvdAddRevocation = 2,
    RcvdAddAckCommit = 3,
    SentAddAckRevocation = 4,

    // Our offered HTLC, removed by the peer.
    RcvdRemoveHtlc = 5,
    RcvdRemoveCommit = 6,
    SentRemoveRevocation = 7,
    SentRemoveAckCommit = 8,
    RcvdRemoveAckRevocation = 9,

    // Offered by the peer.
    RcvdAddHtlc = 10,
    RcvdAddCommit = 11,
    SentAddRevocation = 12,
    SentAddAckCommit = 13,
    RcvdAddAckRevocation = 14,

    // The peer's HTLC, removed by us.
    SentRemoveHtlc = 15,
    SentRemoveCommit = 16,
    RcvdRemoveRevocation = 17,
    RcvdRemoveAckCommit = 18,
    SentRemoveAckRevocation = 19,
}

/// <summary>Which commitments an update has reached in a given state, and how states move on each commitment message.</summary>
internal static class HtlcStates
{
    /// <summary>Whether the add is part of our commitment (<paramref name="local"/>) or the peer's.</summary>
    public static bool AddCommittedIn(HtlcState s, bool local) => s switch
    {
        HtlcState.SentAddHtlc or HtlcState.RcvdAddHtlc => false,
        HtlcState.SentAddCommit or HtlcState.RcvdAddRevocation => !local,
        HtlcState.RcvdAddCommit or HtlcState.SentAddRevocation => local,
        _ => true,
    };

    /// <summary>Whether the removal is part of our commitment (<paramref name="local"/>) or the peer's.</summary>
    public static bool RemoveCommittedIn(HtlcState s, bool local) => s switch
    {
        HtlcState.RcvdRemoveCommit or HtlcState.SentRemoveRevocation => local,
        HtlcState.SentRemoveCommit or HtlcState.RcvdRemoveRevocation => !local,
        HtlcState.SentRemoveAckCommit or HtlcState.RcvdRemoveAckRevocation
            or HtlcState.RcvdRemoveAckCommit or HtlcState.SentRemoveAckRevocation => true,
        _ => false,
    };

    public static bool IsRemoval(HtlcState s) =>
        s is >= HtlcState.RcvdRemoveHtlc and <= HtlcState.RcvdRemoveAckRevocation || s >= HtlcState.SentRemoveHtlc;

    /// <summary>The add is irrevocably committed in both commitments and not being removed.</summary>
    public static bool IsLocked(HtlcState s) => s is HtlcState.SentAddAckRevocation or HtlcState.RcvdAddAckRevocation;

    /// <summary>The final states: the update is irrevocably done on both sides.</summary>
    public static bool IsFinal(HtlcState s) => s is HtlcState.RcvdRemoveAckRevocation or HtlcState.SentRemoveAckRevocation;

    public static HtlcState OnSendCommit(HtlcState s) => s switch
    {
        HtlcState.SentAddHtlc => HtlcState.SentAddCommit,
        HtlcState.SentRemoveHtlc => HtlcState.SentRemoveCommit,
        HtlcState.SentAddRevocation => HtlcState.SentAddAckCommit,
        HtlcState.SentRemoveRevocation => HtlcState.SentRemoveAckCommit,
        _ => s,
    };

    public static HtlcState OnReceiveCommit(HtlcState s) => s switch
    {
        HtlcState.RcvdAddHtlc => HtlcState.RcvdAddCommit,
        HtlcState.RcvdRemoveHtlc => HtlcState.RcvdRemoveCommit,
        HtlcState.RcvdAddRevocation => HtlcState.RcvdAddAckCommit,
        HtlcState.RcvdRemoveRevocation => HtlcState.RcvdRemoveAckCommit,
        _ => s,
    };

    public static HtlcState OnSendRevoke(HtlcState s) => s switch
    {
        HtlcState.RcvdAddCommit => HtlcState.SentAddRevocation,
        HtlcState.RcvdRemoveCommit => HtlcState.SentRemoveRevocation,
        HtlcState.RcvdAddAckCommit => HtlcState.SentAddAckRevocation,
        HtlcState.RcvdRemoveAckCommit => HtlcState.SentRemoveAckRevocation,
        _ => s,
    };

    public static HtlcState OnReceiveRevoke(HtlcState s) => s switch
    {
        HtlcState.SentAddCommit => HtlcState.RcvdAddRevocation,
        HtlcState.SentRemoveCommit => HtlcState.RcvdRemoveRevocation,
        HtlcState.SentAddAckCommit => HtlcState.RcvdAddAckRevocation,
        HtlcState.SentRemoveAckCommit => HtlcState.RcvdRemoveAckRevocation,
        _ => s,
    };

    /// <summary>States that a <c>commitment_signed</c> we send would move: there is something to sign.</summary>
    public static bool NeedsRemoteCommit(HtlcState s) => OnSendCommit(s) != s;
}
