import CLibZ

/// DataSources' one funnel for zlib: raw DEFLATE (RFC 1951) inflation and the CRC-32 of ZIP
/// entries. Nothing else in the module calls zlib.
enum LibZ {
  /// Why a stream cannot be inflated.
  enum InflateError: Error, Equatable {
    /// The stream is not valid DEFLATE data.
    case damaged
    /// The input ended before the stream's final block.
    case truncated
    /// The stream inflates to more than `limit` bytes.
    case tooLarge
  }

  /// The bytes a raw DEFLATE stream inflates to, at most `limit` of them.
  ///
  /// Unlike a loop that waits for `Z_STREAM_END` whatever happens (a truncated stream then spins
  /// forever), every step either makes progress or ends: `Z_STREAM_END` is success; output space
  /// used up grows the buffer (up to `limit`); input used up without the end is ``InflateError/truncated``.
  static func inflate(_ input: UnsafeBufferPointer<UInt8>, expectedSize: Int, limit: Int) throws(InflateError) -> [UInt8] {
    guard input.count <= Int(UInt32.max) else { throw .tooLarge }
    var stream = z_stream()
    guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { throw .damaged }
    defer { inflateEnd(&stream) }
    // The declared size is a hint from the file: the first buffer is at most 64 MiB and grows
    // only as bytes are actually produced.
    var output = [UInt8](repeating: 0, count: max(1, min(expectedSize, limit, 1 << 26)))
    var produced = 0
    stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
    stream.avail_in = UInt32(input.count)
    while true {
      if produced == output.count {
        guard output.count < limit else { throw .tooLarge }
        output.append(contentsOf: repeatElement(0, count: min(max(output.count, 1 << 16), limit - output.count)))
      }
      let space = output.count - produced
      let (result, written): (Int32, Int) = output.withUnsafeMutableBufferPointer { out in
        stream.next_out = out.baseAddress! + produced
        stream.avail_out = UInt32(min(space, Int(UInt32.max)))
        let before = stream.avail_out
        let result = CLibZ.inflate(&stream, Z_NO_FLUSH)
        return (result, Int(before - stream.avail_out))
      }
      produced += written
      switch result {
      case Z_STREAM_END:
        output.removeSubrange(produced...)
        return output
      case Z_OK, Z_BUF_ERROR:
        if stream.avail_in == 0 && stream.avail_out != 0 { throw .truncated }
        if result == Z_BUF_ERROR && written == 0 && stream.avail_out != 0 { throw .truncated }
      default:
        throw .damaged
      }
    }
  }

  /// The CRC-32 (ISO 3309, as ZIP stores it) of `bytes`.
  static func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt = CLibZ.crc32(0, nil, 0)
    bytes.withUnsafeBufferPointer { buffer in
      var offset = 0
      while offset < buffer.count {
        let count = min(buffer.count - offset, 1 << 30)
        crc = CLibZ.crc32(crc, buffer.baseAddress! + offset, UInt32(count))
        offset += count
      }
    }
    return UInt32(truncatingIfNeeded: crc)
  }
}

extension LibZ {
  /// A raw DEFLATE stream inflated piece by piece, for a part too large to hold inflated (a
  /// streaming read of a big sheet). The `z_stream` lives on the heap, since zlib keeps a
  /// pointer back to it. Each ``next(maximum:)`` either produces bytes, ends, or throws: an input
  /// used up before the final block is ``InflateError/truncated``, more than `limit` bytes in
  /// all is ``InflateError/tooLarge``. The CRC-32 of what was produced is kept as it goes.
  final class Inflater {
    let stream: UnsafeMutablePointer<z_stream>
    let limit: Int
    private(set) var produced = 0
    private(set) var finished = false
    private(set) var crc: UInt = CLibZ.crc32(0, nil, 0)
    /// The input, owned here so zlib's `next_in` stays valid.
    let input: UnsafeMutableBufferPointer<UInt8>

    /// `input` is the compressed bytes (copied once: the part's own slice of the archive).
    init(_ input: [UInt8], limit: Int) throws(InflateError) {
      guard input.count <= Int(UInt32.max) else { throw .tooLarge }
      self.limit = limit
      stream = .allocate(capacity: 1)
      stream.initialize(to: z_stream())
      guard inflateInit2_(stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
        stream.deallocate()
        throw .damaged
      }
      self.input = .allocate(capacity: max(1, input.count))
      _ = self.input.initialize(from: input)
      stream.pointee.next_in = self.input.baseAddress
      stream.pointee.avail_in = UInt32(input.count)
    }

    deinit {
      inflateEnd(stream)
      stream.deallocate()
      input.deallocate()
    }

    /// Up to `maximum` (≥ 1) more inflated bytes; empty once the stream has ended.
    func next(maximum: Int) throws(InflateError) -> [UInt8] {
      guard !finished else { return [] }
      var output = [UInt8](repeating: 0, count: max(1, maximum))
      var written = 0
      while written < output.count {
        let (result, count): (Int32, Int) = output.withUnsafeMutableBufferPointer { out in
          stream.pointee.next_out = out.baseAddress! + written
          stream.pointee.avail_out = UInt32(min(out.count - written, Int(UInt32.max)))
          let before = stream.pointee.avail_out
          let result = CLibZ.inflate(stream, Z_NO_FLUSH)
          return (result, Int(before - stream.pointee.avail_out))
        }
        written += count
        produced += count
        guard produced <= limit else { throw .tooLarge }
        switch result {
        case Z_STREAM_END:
          finished = true
        case Z_OK, Z_BUF_ERROR:
          if stream.pointee.avail_in == 0 && stream.pointee.avail_out != 0 { throw .truncated }
          if result == Z_BUF_ERROR && count == 0 && stream.pointee.avail_out != 0 { throw .truncated }
        default:
          throw .damaged
        }
        if finished { break }
      }
      output.removeSubrange(written...)
      output.withUnsafeBufferPointer { crc = CLibZ.crc32(crc, $0.baseAddress, UInt32($0.count)) }
      return output
    }

    /// The CRC-32 of every byte produced so far.
    var crc32: UInt32 { UInt32(truncatingIfNeeded: crc) }
  }
}
