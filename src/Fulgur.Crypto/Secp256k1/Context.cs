using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Fulgur.Crypto.Secp256k1;

/// <summary>
/// The one libsecp256k1 context of the process: created once, randomized against side channels, never destroyed
/// while the process runs (const operations on a context are thread-safe, per secp256k1.h).
/// </summary>
internal sealed unsafe class Context : SafeHandle
{
    private static readonly Lazy<Context> Instance = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    public Context() : base(IntPtr.Zero, ownsHandle: true) { }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>The raw pointer for P/Invoke. The handle lives for the whole process, so no AddRef dance is needed.</summary>
    public static IntPtr Ptr => Instance.Value.handle;

    private static Context Create()
    {
        Native.EnsureLoaded();
        var ctx = new Context();
        ctx.SetHandle(Native.ContextCreate(Native.ContextSignVerify));
        if (ctx.IsInvalid)
            throw new InvalidOperationException("secp256k1_context_create failed");
        // An illegal argument (a bug on our side) would abort the process with the default callback; with this one
        // the call returns 0 and the wrapper reports an error instead.
        Native.SetIllegalCallback(ctx.handle, &OnIllegalArgument, null);
        Span<byte> seed = stackalloc byte[32];
        RandomNumberGenerator.Fill(seed);
        fixed (byte* s = seed)
        {
            if (Native.ContextRandomize(ctx.handle, s) != 1)
                throw new InvalidOperationException("secp256k1_context_randomize failed");
        }
        CryptographicOperations.ZeroMemory(seed);
        return ctx;
    }

    [UnmanagedCallersOnly]
    private static void OnIllegalArgument(byte* message, void* data)
    {
        // Nothing to do: the failing call returns 0, which every wrapper checks.
    }

    protected override bool ReleaseHandle()
    {
        Native.ContextDestroy(handle);
        return true;
    }
}
