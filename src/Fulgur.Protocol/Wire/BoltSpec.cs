namespace Fulgur.Protocol.Wire;

/// <summary>The revision of the Lightning specification this code follows.</summary>
public static class BoltSpec
{
    /// <summary>The <c>lightning/bolts</c> commit every <c>// BOLT #N: "…"</c> quote in the source is checked against.</summary>
    public const string Commit = "a3772650d8ebc06acf457fcadf97968ebfc4dfff";
}
