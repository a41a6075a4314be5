using Fulgur.Bitcoin;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Rpc;

/// <summary>An amount or the word <c>any</c> (invoice's <c>msatoshi</c>/<c>amount_msat</c>).</summary>
public readonly record struct MilliSatoshiOrAny(bool IsAny, MilliSatoshi Amount)
{
    public static MilliSatoshiOrAny Any => new(true, default);

    public override string ToString() => IsAny ? "any" : Amount.ToString();
}

/// <summary>An amount in satoshis or the word <c>all</c> (withdraw's <c>satoshi</c>).</summary>
public readonly record struct SatoshiOrAll(bool IsAll, Satoshi Amount)
{
    public static SatoshiOrAll All => new(true, default);

    public override string ToString() => IsAll ? "all" : Amount.ToString();
}
